package io.genieproxy.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetGuardTest {

    @Test
    void decodesAPlainTargetOnceAndKeepsTheRawQuery() throws Exception {
        RequestTarget t = RequestTargetGuard.normalise("/api/2.0/genie/spaces?page_size=1&page_token=a%2Bb");
        assertEquals("/api/2.0/genie/spaces", t.path());
        assertEquals("page_size=1&page_token=a%2Bb", t.query());
    }

    @Test
    void keepsOnlyThePathOfAnAbsoluteFormTarget() throws Exception {
        RequestTarget t = RequestTargetGuard.normalise("http://evil.example/api/2.0/genie/spaces");
        assertEquals("/api/2.0/genie/spaces", t.path());
    }

    @Test
    void dropsAnEmptyQuery() throws Exception {
        assertNull(RequestTargetGuard.normalise("/api/2.0/genie/spaces?").query());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/2.0/genie/../../admin", "/api/2.0/genie/%2e%2e/x", "/api/2.0/genie/%2E%2E/x", "/api/2.0/genie/./spaces",
        "/api/2.0/genie/..%2fx", "/api/2.0/genie%2fspaces", "/api/2.0/genie%5cspaces", "/api/2.0/genie\\spaces",
        "/api/2.0/genie/%252e%252e/x", "/api/2.0/genie//spaces", "/api/2.0/genie/sp%00aces", "/api/2.0/genie/%c0%ae%c0%ae/x",
        "/api/2.0/genie/%e0%80%ae/x", "/api/2.0/genie/sp%ffaces", "/api/2.0/genie/spaces;jsessionid=1", "/api/2.0/genie/sp%0aces",
        "/api/2.0/genie/%", "/api/2.0/genie/%zz", "api/2.0/genie/spaces", "*", "", "/api/2.0/genie/spaces#x",
        "/api/2.0/genie/spaces?a=%00", "/api/2.0/genie/spaces?a=b c", "/api/2.0/genie/sp\u00e9ces"})
    void refusesHostileTargets(String target) {
        assertThrows(RequestTargetGuard.RefusedTarget.class, () -> RequestTargetGuard.normalise(target));
    }

    @Test
    void neverLetsADotSegmentOrSeparatorThroughForRandomBytes() {
        Random random = new Random(42);
        String alphabet = "/.%2eEfF5cC0aA%/.";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder target = new StringBuilder("/api/2.0/genie/");
            int length = 1 + random.nextInt(24);
            for (int j = 0; j < length; j++) {
                target.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                String path = RequestTargetGuard.normalise(target.toString()).path();
                for (String segment : path.split("/")) {
                    assertFalse(segment.equals("..") || segment.equals("."), target::toString);
                }
                assertFalse(path.contains("\\"), target::toString);
            } catch (RequestTargetGuard.RefusedTarget refused) {
                assertFalse(refused.getMessage().isBlank());
            }
        }
    }
}
