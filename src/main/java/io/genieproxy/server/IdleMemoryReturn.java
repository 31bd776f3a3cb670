package io.genieproxy.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets an idle proxy hand unused heap back to the operating system: asks G1 for a concurrent cycle after
 * a while without collections (JEP 346) and to keep less free heap after one, leaving alone every flag
 * the operator set.
 *
 * <p>Without a heap size on the command line the JVM sizes G1 from the host's memory, and a burst of load
 * grows the heap it keeps committed by hundreds of megabytes; G1 on its own returns that memory only
 * after a full collection or a concurrent cycle, and a proxy with a small live set triggers neither.
 */
public final class IdleMemoryReturn {
    /** Milliseconds without a collection after which G1 runs a concurrent cycle and shrinks the heap. */
    static final String PERIODIC_GC_INTERVAL = "G1PeriodicGCInterval";
    static final String MIN_HEAP_FREE_RATIO = "MinHeapFreeRatio";
    static final String MAX_HEAP_FREE_RATIO = "MaxHeapFreeRatio";

    /** In this order: the minimum must not exceed the maximum at any step. */
    private static final List<String[]> SETTINGS = List.of(
            new String[] {PERIODIC_GC_INTERVAL, "10000"},
            new String[] {MIN_HEAP_FREE_RATIO, "10"},
            new String[] {MAX_HEAP_FREE_RATIO, "30"});

    private IdleMemoryReturn() {
    }

    /**
     * Sets the flags still at their JVM default when G1 is the collector.
     *
     * @return the settings applied, as {@code name=value}; empty with another collector
     */
    public static List<String> apply(HotSpotDiagnosticMXBean vm) {
        List<String> applied = new ArrayList<>();
        if (!"true".equals(vm.getVMOption("UseG1GC").getValue())) {
            return applied;
        }
        for (String[] setting : SETTINGS) {
            VMOption option = vm.getVMOption(setting[0]);
            if (option.getOrigin() != VMOption.Origin.DEFAULT || !option.isWriteable()) {
                continue;
            }
            try {
                vm.setVMOption(setting[0], setting[1]);
                applied.add(setting[0] + "=" + setting[1]);
            } catch (IllegalArgumentException e) {
                // the operator's own value of the paired ratio rules this one out: theirs wins
            }
        }
        return applied;
    }
}
