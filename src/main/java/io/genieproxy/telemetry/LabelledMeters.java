package io.genieproxy.telemetry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The meters of one metric, kept by their label values (a bounded set), so a hot path finds its meter
 * without rebuilding and looking up its id in the registry on every request.
 *
 * @param <M> the meter type
 */
public final class LabelledMeters<M> {
    private final Map<List<String>, M> byValues = new ConcurrentHashMap<>();
    private final Function<List<String>, M> register;

    /** @param register builds and registers the meter for label values, in the order {@link #with} is given them */
    public LabelledMeters(Function<List<String>, M> register) {
        this.register = register;
    }

    /** The meter for these label values, registered the first time they are seen. */
    public M with(String... values) {
        return byValues.computeIfAbsent(List.of(values), register);
    }
}
