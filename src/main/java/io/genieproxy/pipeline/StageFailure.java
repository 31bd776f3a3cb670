package io.genieproxy.pipeline;

/** An exception carrying a {@link Rejection}, for stages whose failure surfaces inside a future. */
public final class StageFailure extends RuntimeException {
    private final transient Rejection rejection;

    public StageFailure(Rejection rejection) {
        super(rejection.reason().name() + ": " + rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    /** A refusal caused by {@code cause} (kept for retry decisions, never shown to the caller). */
    public StageFailure(Rejection rejection, Throwable cause) {
        super(rejection.reason().name() + ": " + rejection.message(), cause, false, false);
        this.rejection = rejection;
    }

    /**
     * The failure a future reported, without the {@link java.util.concurrent.CompletionException}
     * wrappers that stage composition adds; a {@code StageFailure}'s own cause is left alone.
     */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The {@code StageFailure} a future failed with (inside its {@link java.util.concurrent.CompletionException}
     * wrappers), or null for any other failure: a stage that turns its own failures into a refusal passes a
     * refusal already made, such as an abandoned call's ({@link PendingCalls}), on unchanged.
     */
    public static StageFailure carriedBy(Throwable error) {
        return unwrap(error) instanceof StageFailure failure ? failure : null;
    }

    public Rejection rejection() {
        return rejection;
    }
}
