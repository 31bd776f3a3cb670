package io.genieproxy.auth;

import java.util.concurrent.CompletionStage;

/**
 * Turns one bearer credential into the caller's identity, or fails with an {@link AuthFailure}
 * (possibly wrapped in a {@link java.util.concurrent.CompletionException}); it never completes
 * with an anonymous or empty identity.
 */
public interface CallerAuthenticator {

    CompletionStage<CallerIdentity> authenticate(BearerCredential credential);
}
