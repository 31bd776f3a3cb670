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

    public Rejection rejection() {
        return rejection;
    }
}
