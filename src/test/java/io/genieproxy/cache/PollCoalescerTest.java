package io.genieproxy.cache;

import static io.genieproxy.cache.CacheFixtures.ALICE;
import static io.genieproxy.cache.CacheFixtures.BOB;
import static io.genieproxy.cache.CacheFixtures.WS;
import static io.genieproxy.cache.CacheFixtures.get;
import static io.genieproxy.cache.CacheFixtures.json;
import static io.genieproxy.cache.CacheFixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.genie.GenieRoute;
import io.genieproxy.ratelimit.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PollCoalescerTest {
    private static final GenieRoute POLL = get("spaces/s1/conversations/c1/messages/m1");

    private final AtomicInteger upstreamCalls = new AtomicInteger();
    private final List<CompletableFuture<CachedAnswer>> pending = new ArrayList<>();

    private final Supplier<CompletionStage<CachedAnswer>> upstream = () -> {
        upstreamCalls.incrementAndGet();
        CompletableFuture<CachedAnswer> f = new CompletableFuture<>();
        pending.add(f);
        return f;
    };

    @Test
    void concurrentIdenticalPollsOfOneCallerShareOneUpstreamCall() {
        PollCoalescer coalescer = new PollCoalescer();
        CacheKey key = CacheKey.of(ALICE, WS, POLL);
        PollCoalescer.Coalesced first = coalescer.join(key, upstream);
        PollCoalescer.Coalesced second = coalescer.join(key, upstream);
        PollCoalescer.Coalesced third = coalescer.join(key, upstream);
        assertEquals(1, upstreamCalls.get());
        assertFalse(first.isCoalesced());
        assertEquals(PollCoalescer.Source.SHARED, second.source());
        assertTrue(third.isCoalesced());

        CachedAnswer answer = ok("{\"status\":\"EXECUTING_QUERY\"}");
        pending.get(0).complete(answer);
        assertSame(answer, first.answer().toCompletableFuture().join());
        assertSame(answer, second.answer().toCompletableFuture().join());
        assertSame(answer, third.answer().toCompletableFuture().join());
        assertEquals(0, coalescer.inFlight(), "the entry is gone once the call is done");
    }

    @Test
    void differentCallersNeverShareACall() {
        PollCoalescer coalescer = new PollCoalescer();
        CompletionStage<CachedAnswer> alice = coalescer.coalesce(CacheKey.of(ALICE, WS, POLL), upstream);
        CompletionStage<CachedAnswer> bob = coalescer.coalesce(CacheKey.of(BOB, WS, POLL), upstream);
        assertEquals(2, upstreamCalls.get());
        pending.get(0).complete(ok("alice's"));
        pending.get(1).complete(ok("bob's"));
        assertEquals("alice's", alice.toCompletableFuture().join().response().bodyText());
        assertEquals("bob's", bob.toCompletableFuture().join().response().bodyText());
    }

    @Test
    void aPollAfterTheCallFinishedGoesUpstreamAgain() {
        PollCoalescer coalescer = new PollCoalescer();
        CacheKey key = CacheKey.of(ALICE, WS, POLL);
        coalescer.coalesce(key, upstream);
        pending.get(0).complete(ok("{}"));
        coalescer.coalesce(key, upstream);
        assertEquals(2, upstreamCalls.get());
    }

    @Test
    void sharesAFailureButDoesNotKeepIt() {
        PollCoalescer coalescer = new PollCoalescer();
        CacheKey key = CacheKey.of(ALICE, WS, POLL);
        CompletionStage<CachedAnswer> a = coalescer.coalesce(key, upstream);
        CompletionStage<CachedAnswer> b = coalescer.coalesce(key, upstream);
        pending.get(0).completeExceptionally(new java.io.IOException("reset"));
        assertThrows(CompletionException.class, () -> a.toCompletableFuture().join());
        assertThrows(CompletionException.class, () -> b.toCompletableFuture().join());
        coalescer.coalesce(key, upstream);
        assertEquals(2, upstreamCalls.get());
    }

    @Test
    void oneCallerCancellingDoesNotCancelTheOthers() {
        PollCoalescer coalescer = new PollCoalescer();
        CacheKey key = CacheKey.of(ALICE, WS, POLL);
        CompletionStage<CachedAnswer> a = coalescer.coalesce(key, upstream);
        CompletionStage<CachedAnswer> b = coalescer.coalesce(key, upstream);
        a.toCompletableFuture().cancel(false);
        pending.get(0).complete(ok("{}"));
        assertEquals("{}", b.toCompletableFuture().join().response().bodyText());
    }

    @Test
    void aCallerPollingFasterThanTheMinimumIntervalGetsTheLastKnownState() {
        ManualTime time = new ManualTime();
        PollCoalescer coalescer = new PollCoalescer(Duration.ofSeconds(1), time, 100);
        CacheKey key = CacheKey.of(ALICE, WS, POLL);
        coalescer.coalesce(key, upstream);
        pending.get(0).complete(ok("{\"status\":\"ASKING_AI\"}"));

        time.advance(Duration.ofMillis(300));
        PollCoalescer.Coalesced quick = coalescer.join(key, upstream);
        assertEquals(PollCoalescer.Source.RECENT, quick.source());
        assertEquals("{\"status\":\"ASKING_AI\"}", quick.answer().toCompletableFuture().join().response().bodyText());
        assertEquals(1, upstreamCalls.get());
        assertEquals(PollCoalescer.Source.UPSTREAM, coalescer.join(CacheKey.of(BOB, WS, POLL), upstream).source(),
                "another caller's recent state is never replayed");

        time.advance(Duration.ofMillis(700));
        assertEquals(PollCoalescer.Source.UPSTREAM, coalescer.join(key, upstream).source());
    }

    @Test
    void neverReplaysAnErrorAsTheLastKnownState() {
        ManualTime time = new ManualTime();
        PollCoalescer coalescer = new PollCoalescer(Duration.ofSeconds(1), time, 100);
        CacheKey key = CacheKey.of(ALICE, WS, POLL);
        coalescer.coalesce(key, upstream);
        pending.get(0).complete(json(503, "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\"}"));
        assertEquals(PollCoalescer.Source.UPSTREAM, coalescer.join(key, upstream).source());
    }
}
