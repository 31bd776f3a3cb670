package io.genieproxy;

import io.micronaut.runtime.Micronaut;

/** Entry point: starts the proxy (or the simulated workspace, or the audit verifier). */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
