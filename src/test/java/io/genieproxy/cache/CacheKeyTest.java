package io.genieproxy.cache;

import static io.genieproxy.cache.CacheFixtures.ALICE;
import static io.genieproxy.cache.CacheFixtures.BOB;
import static io.genieproxy.cache.CacheFixtures.WS;
import static io.genieproxy.cache.CacheFixtures.get;
import static io.genieproxy.cache.CacheFixtures.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.genie.GenieRoute;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
    private final GenieRoute result = get("spaces/s1/conversations/c1/messages/m1/query-result");

    @Test
    void theSameRequestOfTwoCallersHasTwoKeys() {
        assertNotEquals(CacheKey.of(ALICE, WS, result), CacheKey.of(BOB, WS, result));
        assertEquals(CacheKey.of(ALICE, WS, result), CacheKey.of(ALICE, WS, result));
        assertTrue(CacheKey.of(ALICE, WS, result).belongsTo(ALICE));
        assertFalse(CacheKey.of(ALICE, WS, result).belongsTo(BOB));
    }

    @Test
    void theSameRequestInTwoWorkspacesHasTwoKeys() {
        assertNotEquals(CacheKey.of(ALICE, "ws-1", result), CacheKey.of(ALICE, "ws-2", result));
    }

    @Test
    void queryParameterOrderDoesNotMatterButValuesDo() {
        CacheKey ab = CacheKey.of(ALICE, WS, route("GET", "spaces/s1/conversations", "page_size=10&page_token=x"));
        CacheKey ba = CacheKey.of(ALICE, WS, route("GET", "spaces/s1/conversations", "page_token=x&page_size=10&"));
        CacheKey other = CacheKey.of(ALICE, WS, route("GET", "spaces/s1/conversations", "page_token=y&page_size=10"));
        assertEquals(ab, ba);
        assertNotEquals(ab, other);
    }

    @Test
    void canOnlyBeBuiltFromACallerIdentity() {
        assertTrue(Arrays.stream(CacheKey.class.getDeclaredConstructors()).noneMatch(c -> Modifier.isPublic(c.getModifiers())));
        assertThrows(NullPointerException.class, () -> CacheKey.of(null, WS, result));
        assertThrows(IllegalArgumentException.class, () -> CacheKey.of(ALICE, " ", result));
    }

    @Test
    void neverPrintsTheCaller() {
        String printed = CacheKey.of(ALICE, WS, result).toString();
        assertFalse(printed.contains("101") || printed.contains("alice"), printed);
    }
}
