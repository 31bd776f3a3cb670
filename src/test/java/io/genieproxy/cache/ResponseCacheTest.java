package io.genieproxy.cache;

import static io.genieproxy.cache.CacheFixtures.ALICE;
import static io.genieproxy.cache.CacheFixtures.BOB;
import static io.genieproxy.cache.CacheFixtures.WS;
import static io.genieproxy.cache.CacheFixtures.get;
import static io.genieproxy.cache.CacheFixtures.json;
import static io.genieproxy.cache.CacheFixtures.ok;
import static io.genieproxy.cache.CacheFixtures.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.auth.CallerIdentity;
import io.genieproxy.genie.GenieRoute;
import io.genieproxy.ratelimit.ManualTime;
import io.genieproxy.upstream.BufferedResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {
    private static final GenieRoute RESULT = get("spaces/s1/conversations/c1/messages/m1/query-result");
    private static final GenieRoute MESSAGE = get("spaces/s1/conversations/c1/messages/m1");
    private static final GenieRoute CONVERSATIONS = get("spaces/s1/conversations");
    private static final GenieRoute MESSAGES = get("spaces/s1/conversations/c1/messages");
    private static final GenieRoute SPACE = get("spaces/s1");

    private final ManualTime time = new ManualTime();
    private final ResponseCache cache = new ResponseCache(
            new ResponseCache.Settings(Duration.ofMinutes(10), Duration.ofSeconds(30), 1 << 20), time,
            r -> r.bodyText().contains("\"COMPLETED\""));

    private static CacheKey key(CallerIdentity caller, GenieRoute route) {
        return CacheKey.of(caller, WS, route);
    }

    @Test
    void keepsQueryResultsForTheFullTtl() {
        assertTrue(cache.put(key(ALICE, RESULT), ok("{\"rows\":[1]}")));
        time.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertTrue(cache.get(key(ALICE, RESULT)).isPresent());
        time.advance(Duration.ofSeconds(1));
        assertTrue(cache.get(key(ALICE, RESULT)).isEmpty());
    }

    @Test
    void keepsMetadataAndListPagesOnlyBriefly() {
        assertTrue(cache.put(key(ALICE, CONVERSATIONS), ok("{\"conversations\":[]}")));
        assertTrue(cache.put(key(ALICE, SPACE), ok("{\"space_id\":\"s1\"}")));
        time.advance(Duration.ofSeconds(29));
        assertTrue(cache.get(key(ALICE, CONVERSATIONS)).isPresent());
        time.advance(Duration.ofSeconds(1));
        assertTrue(cache.get(key(ALICE, CONVERSATIONS)).isEmpty());
        assertTrue(cache.get(key(ALICE, SPACE)).isEmpty());
    }

    @Test
    void metadataNeverOutlivesAShorterOverallTtl() {
        ResponseCache shortLived = new ResponseCache(new ResponseCache.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), 1 << 20),
                time, r -> true);
        shortLived.put(key(ALICE, SPACE), ok("{}"));
        time.advance(Duration.ofSeconds(5));
        assertTrue(shortLived.get(key(ALICE, SPACE)).isEmpty());
    }

    @Test
    void cachesAMessageOnlyOnceItIsTerminal() {
        assertFalse(cache.put(key(ALICE, MESSAGE), ok("{\"status\":\"EXECUTING_QUERY\"}")));
        assertTrue(cache.get(key(ALICE, MESSAGE)).isEmpty());
        assertTrue(cache.put(key(ALICE, MESSAGE), ok("{\"status\":\"COMPLETED\"}")));
        time.advance(Duration.ofMinutes(9));
        assertTrue(cache.get(key(ALICE, MESSAGE)).isPresent());
    }

    @Test
    void storesOnlySuccessfulAnswersOfCacheableReads() {
        assertFalse(cache.put(key(ALICE, RESULT), json(404, "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\"}")));
        assertFalse(cache.put(key(ALICE, RESULT), json(500, "{}")));
        assertFalse(cache.put(key(ALICE, route("POST", "spaces/s1/start-conversation", null)), ok("{}")));
        BufferedResponse withCookie = new BufferedResponse(200, List.of(Map.entry("Set-Cookie", "a=b")), new byte[0]);
        assertFalse(cache.put(key(ALICE, RESULT), CachedAnswer.of(withCookie)));
        assertEquals(0, cache.size());
    }

    @Test
    void aZeroTtlTurnsTheCacheOff() {
        ResponseCache off = new ResponseCache(new ResponseCache.Settings(Duration.ZERO, Duration.ofSeconds(30), 1 << 20), time, r -> true);
        assertFalse(off.isEnabled());
        assertFalse(off.put(key(ALICE, RESULT), ok("{}")));
        assertTrue(off.get(key(ALICE, RESULT)).isEmpty());
    }

    @Test
    void staysWithinItsByteBound() {
        ResponseCache small = new ResponseCache(new ResponseCache.Settings(Duration.ofMinutes(10), Duration.ofSeconds(30), 10_000),
                time, r -> true);
        byte[] kilobyte = new byte[1_000];
        for (int i = 0; i < 50; i++) {
            small.put(key(ALICE, get("spaces/s1/conversations/c1/messages/m" + i + "/query-result")),
                    CachedAnswer.of(new BufferedResponse(200, List.of(), kilobyte)));
        }
        assertTrue(small.weightBytes() <= 10_000, "held " + small.weightBytes());
        assertTrue(small.size() >= 5 && small.size() <= 9, "about nine 1 KB answers fit, held " + small.size());
    }

    @Test
    void doesNotServeOneCallersCachedAnswerToAnother() {
        cache.put(key(ALICE, RESULT), ok("{\"owner\":\"alice\"}"));
        assertTrue(cache.get(key(BOB, RESULT)).isEmpty());
        cache.put(key(BOB, RESULT), ok("{\"owner\":\"bob\"}"));
        assertEquals("{\"owner\":\"alice\"}", cache.get(key(ALICE, RESULT)).orElseThrow().response().bodyText());
        assertEquals("{\"owner\":\"bob\"}", cache.get(key(BOB, RESULT)).orElseThrow().response().bodyText());
    }

    @Test
    void doesNotServeOneCallersCachedAnswerToAnotherUnderConcurrency() throws Exception {
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger served = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            CallerIdentity caller = new CallerIdentity("user" + c + "@example.com", "id-" + c, List.of(), "jwt");
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 500; i++) {
                    GenieRoute r = get("spaces/s1/conversations/c1/messages/m" + (i % 7) + "/query-result");
                    Optional<CachedAnswer> hit = cache.get(key(caller, r));
                    if (hit.isPresent()) {
                        assertEquals(caller.key() + "/" + (i % 7), hit.get().response().bodyText(), "served someone else's answer");
                        served.incrementAndGet();
                    } else {
                        cache.put(key(caller, r), ok(caller.key() + "/" + (i % 7)));
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(served.get() > callers * 400, "mostly hits, all of them the caller's own: " + served.get());
    }

    @Test
    void deletingAConversationForgetsEveryCallersAnswersInsideIt() {
        GenieRoute otherConversation = get("spaces/s1/conversations/c2/messages/m9/query-result");
        cache.put(key(ALICE, RESULT), ok("{}"));
        cache.put(key(BOB, RESULT), ok("{}"));
        cache.put(key(ALICE, MESSAGES), ok("{}"));
        cache.put(key(ALICE, CONVERSATIONS), ok("{}"));
        cache.put(key(ALICE, otherConversation), ok("{}"));

        int removed = cache.invalidateAfterWrite(WS, route("DELETE", "spaces/s1/conversations/c1", null));

        assertEquals(4, removed);
        assertTrue(cache.get(key(ALICE, RESULT)).isEmpty());
        assertTrue(cache.get(key(BOB, RESULT)).isEmpty());
        assertTrue(cache.get(key(ALICE, MESSAGES)).isEmpty());
        assertTrue(cache.get(key(ALICE, CONVERSATIONS)).isEmpty(), "the space's conversation list named it");
        assertTrue(cache.get(key(ALICE, otherConversation)).isPresent());
    }

    @Test
    void aNewMessageRefreshesListsButKeepsImmutableResults() {
        cache.put(key(ALICE, RESULT), ok("{}"));
        cache.put(key(ALICE, MESSAGES), ok("{}"));
        cache.invalidateAfterWrite(WS, route("POST", "spaces/s1/conversations/c1/messages", null));
        assertTrue(cache.get(key(ALICE, MESSAGES)).isEmpty());
        assertTrue(cache.get(key(ALICE, RESULT)).isPresent());
    }

    @Test
    void invalidationStaysInsideItsWorkspace() {
        cache.put(CacheKey.of(ALICE, "ws-2", RESULT), ok("{}"));
        cache.invalidateAfterWrite(WS, route("DELETE", "spaces/s1/conversations/c1", null));
        assertTrue(cache.get(CacheKey.of(ALICE, "ws-2", RESULT)).isPresent());
    }
}
