package io.genieproxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header shape rules shared by both modes. */
class BearerCredentialsTest {

    private static final String TOKEN = "dapi0123456789abcdef0123456789abcdef";

    private static AuthFailure refused(List<String> headers, String query, AuthFailure.Kind kind) {
        AuthFailure failure = assertThrows(AuthFailure.class, () -> BearerCredentials.extract(headers, query));
        assertEquals(kind, failure.kind(), failure.publicMessage());
        assertFalse(failure.getMessage().contains(TOKEN));
        assertFalse(failure.toString().contains(TOKEN));
        return failure;
    }

    @Test
    void extractsExactlyOneBearerToken() throws Exception {
        assertEquals(TOKEN, BearerCredentials.extract(List.of("Bearer " + TOKEN), null).token());
        assertEquals(TOKEN, BearerCredentials.extract(List.of("bearer " + TOKEN), "").token());
        assertEquals(TOKEN, BearerCredentials.extract(List.of("BEARER " + TOKEN + " "), "page_token=abc").token());
    }

    @Test
    void refusesMissingHeaderAs401() {
        assertEquals(401, refused(List.of(), null, AuthFailure.Kind.MISSING).status());
        refused(null, null, AuthFailure.Kind.MISSING);
        refused(List.of(""), null, AuthFailure.Kind.MISSING);
        refused(List.of("Bearer"), null, AuthFailure.Kind.MISSING);
        refused(List.of("Bearer   "), null, AuthFailure.Kind.MISSING);
    }

    @Test
    void refusesNonBearerScheme() {
        refused(List.of("Basic " + TOKEN), null, AuthFailure.Kind.MISSING);
        refused(List.of("Token " + TOKEN), null, AuthFailure.Kind.MISSING);
        refused(List.of("Bearer:" + TOKEN), null, AuthFailure.Kind.MISSING);
        refused(List.of(TOKEN), null, AuthFailure.Kind.MISSING);
    }

    @Test
    void refusesTwoAuthorizationHeaders() {
        AuthFailure failure = refused(List.of("Bearer " + TOKEN, "Bearer " + TOKEN), null, AuthFailure.Kind.MALFORMED);
        assertEquals(400, failure.status());
    }

    @Test
    void refusesTwoCredentialsInOneHeader() {
        refused(List.of("Bearer " + TOKEN + ", Bearer other"), null, AuthFailure.Kind.MALFORMED);
        refused(List.of("Bearer " + TOKEN + " other"), null, AuthFailure.Kind.MALFORMED);
        refused(List.of("Bearer " + TOKEN + "\tother"), null, AuthFailure.Kind.MALFORMED);
        refused(List.of("Bearer " + TOKEN + ",other"), null, AuthFailure.Kind.MALFORMED);
    }

    @Test
    void refusesTokenInTheQueryString() {
        for (String query : List.of("access_token=" + TOKEN, "a=1&token=" + TOKEN, "ACCESS_TOKEN=x", "access%5Ftoken=x", "x=1;token=y", "token")) {
            AuthFailure failure = refused(List.of("Bearer " + TOKEN), query, AuthFailure.Kind.MALFORMED);
            assertEquals(400, failure.status());
            refused(List.of(), query, AuthFailure.Kind.MALFORMED);
        }
    }

    @Test
    void refusesControlBytesAndOddCharactersInTheToken() {
        for (String bad : List.of("\u0000", "\u0001", "\r", "\n", "\u007f", "\"", ";", "é", "\u2028", "=abc")) {
            refused(List.of("Bearer dapi" + bad + "abc"), null, AuthFailure.Kind.INVALID);
        }
    }

    @Test
    void refusesOverLengthToken() {
        AuthFailure failure = refused(List.of("Bearer " + "a".repeat(8193)), null, AuthFailure.Kind.INVALID);
        assertTrue(failure.publicMessage().contains("8192"));
        assertEquals("a".repeat(8192).length(), assertDoesNotThrowToken("Bearer " + "a".repeat(8192)).token().length());
    }

    @Test
    void neverPrintsTheTokenInToString() {
        BearerCredential credential = new BearerCredential(TOKEN);
        assertFalse(credential.toString().contains(TOKEN));
        assertEquals(32, credential.fingerprint().length());
        assertEquals(credential.fingerprint(), new BearerCredential(TOKEN).fingerprint());
        assertFalse(credential.fingerprint().equals(new BearerCredential(TOKEN + "x").fingerprint()));
    }

    @Test
    void keepsAllHeaderValuesAsReceived() {
        List<String> values = new ArrayList<>(Arrays.asList("Bearer " + TOKEN, null));
        refused(values, null, AuthFailure.Kind.MALFORMED);
    }

    private static BearerCredential assertDoesNotThrowToken(String header) {
        try {
            return BearerCredentials.extract(List.of(header), null);
        } catch (AuthFailure e) {
            throw new AssertionError(e.publicMessage());
        }
    }
}
