package io.genieproxy.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lets a question over the limit wait, first in first out per queue (normally per workspace),
 * until a permit is free or {@code maxWait} passes, instead of being refused at once.
 *
 * <p>No thread waits: each waiter is a {@link CompletableFuture}, and the head of a queue is tried
 * again by the scheduler when the limiter's {@code retryAfter} says a permit will be free. Only
 * the head is ever tried, so a newcomer never overtakes someone already waiting (even one held
 * back by their own, narrower budget: strict FIFO costs some head-of-line waiting, and is what
 * makes it fair). A waiter is refused early when the limiter says the next permit comes after its
 * deadline, and at once when the queue already holds {@code maxQueueLength} waiters.
 */
public final class FairQueue {
    /** Default longest wait. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    /** Default longest queue. */
    public static final int DEFAULT_MAX_QUEUE_LENGTH = 100;

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration maxWait;
    private final int maxQueueLength;
    private final RateLimitListener listener;
    private final ConcurrentHashMap<String, WaitQueue> queues = new ConcurrentHashMap<>();

    /**
     * @param scheduler runs retries and deadlines; its threads only ever run short, non-blocking steps
     * @param clock the time source for deadlines, the same one the scheduler's delays follow
     * @param maxWait the longest a question may wait; default {@link #DEFAULT_MAX_WAIT}
     * @param maxQueueLength the most questions waiting per queue; default {@link #DEFAULT_MAX_QUEUE_LENGTH}
     */
    public FairQueue(ScheduledExecutorService scheduler, Clock clock, Duration maxWait, int maxQueueLength,
                     RateLimitListener listener) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        if (maxQueueLength < 1) {
            throw new IllegalArgumentException("maxQueueLength must be at least 1, was " + maxQueueLength);
        }
        this.maxQueueLength = maxQueueLength;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Takes a permit through {@code attempt} (for example {@code () -> gate.admit(...)}), waiting in
     * {@code queue} behind earlier questions. The attempt may be called several times; it must take
     * a permit only when it answers allowed.
     *
     * @return the allowing decision, or the last refusal when the wait would exceed {@code maxWait}
     *     or the queue is full; cancelling it takes the question out of the queue (a stopping server
     *     gives up its waiters this way, so they take no permit meant for someone else)
     */
    public CompletionStage<RateLimitDecision> acquire(String queue, Supplier<CompletionStage<RateLimitDecision>> attempt) {
        Waiter waiter = new Waiter(attempt, clock.millis());
        RateLimitDecision[] full = new RateLimitDecision[1];
        WaitQueue q = queues.compute(queue, (name, existing) -> {
            WaitQueue target = existing == null ? new WaitQueue(name) : existing;
            synchronized (target) {
                if (target.waiters.size() >= maxQueueLength) {
                    full[0] = target.lastRefusal != null ? target.lastRefusal : queueFull();
                } else {
                    target.waiters.addLast(waiter);
                }
            }
            return target;
        });
        if (full[0] != null) {
            listener.onQueueExit(queue, Duration.ZERO, false);
            forgetIfIdle(q);
            return CompletableFuture.completedFuture(full[0]);
        }
        waiter.deadline = scheduler.schedule(() -> expire(q, waiter), maxWait.toMillis(), TimeUnit.MILLISECONDS);
        drain(q);
        CompletableFuture<RateLimitDecision> answer = waiter.result.copy();
        answer.whenComplete((decision, error) -> {
            if (answer.isCancelled()) {
                expire(q, waiter);
            }
        });
        return answer;
    }

    /** How many questions wait in {@code queue}, including one whose attempt is under way. */
    public int queued(String queue) {
        WaitQueue q = queues.get(queue);
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            return q.waiters.size();
        }
    }

    private void drain(WaitQueue q) {
        Waiter head;
        synchronized (q) {
            if (q.attemptUnderWay || q.waiters.isEmpty()) {
                return;
            }
            head = q.waiters.peekFirst();
            q.attemptUnderWay = true;
            if (q.retry != null) {
                q.retry.cancel(false);
                q.retry = null;
            }
        }
        CompletionStage<RateLimitDecision> tried;
        try {
            tried = head.attempt.get();
        } catch (RuntimeException e) {
            tried = CompletableFuture.failedFuture(e);
        }
        tried.whenComplete((decision, error) -> afterAttempt(q, head, decision, error));
    }

    private void afterAttempt(WaitQueue q, Waiter head, RateLimitDecision decision, Throwable error) {
        boolean leaves;
        long delayMillis = 0;
        synchronized (q) {
            q.attemptUnderWay = false;
            if (error == null && !decision.allowed()) {
                q.lastRefusal = decision;
            }
            long now = clock.millis();
            long retryAt = error == null && !decision.allowed() ? now + Math.max(1, decision.retryAfter().toMillis()) : now;
            leaves = error != null || decision.allowed() || head.expired || retryAt > head.enqueuedAt + maxWait.toMillis();
            if (leaves) {
                q.waiters.remove(head);
            } else {
                delayMillis = retryAt - now;
            }
        }
        if (leaves) {
            if (head.deadline != null) {
                head.deadline.cancel(false);
            }
            listener.onQueueExit(q.name, Duration.ofMillis(clock.millis() - head.enqueuedAt), error == null && decision.allowed());
            if (error != null) {
                head.result.completeExceptionally(error);
            } else {
                head.result.complete(decision);
            }
            forgetIfIdle(q);
            drain(q);
            return;
        }
        ScheduledFuture<?> retry = scheduler.schedule(() -> drain(q), delayMillis, TimeUnit.MILLISECONDS);
        synchronized (q) {
            q.retry = retry;
        }
    }

    private void expire(WaitQueue q, Waiter waiter) {
        RateLimitDecision refusal;
        synchronized (q) {
            if (q.attemptUnderWay && q.waiters.peekFirst() == waiter) {
                waiter.expired = true;
                return;
            }
            if (!q.waiters.remove(waiter)) {
                return;
            }
            refusal = q.lastRefusal != null ? q.lastRefusal : queueFull();
        }
        listener.onQueueExit(q.name, Duration.ofMillis(clock.millis() - waiter.enqueuedAt), false);
        waiter.result.complete(refusal);
        forgetIfIdle(q);
        drain(q);
    }

    private void forgetIfIdle(WaitQueue q) {
        queues.computeIfPresent(q.name, (name, existing) -> {
            if (existing != q) {
                return existing;
            }
            synchronized (q) {
                return q.waiters.isEmpty() && !q.attemptUnderWay ? null : q;
            }
        });
    }

    private RateLimitDecision queueFull() {
        return new RateLimitDecision(false, 0, 0, maxWait, maxWait, RateLimitDecision.LOCAL);
    }

    /** One queue: its waiters in arrival order and whether its head is being tried. */
    private static final class WaitQueue {
        final String name;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        boolean attemptUnderWay;
        ScheduledFuture<?> retry;
        RateLimitDecision lastRefusal;

        WaitQueue(String name) {
            this.name = name;
        }
    }

    /** One waiting question. */
    private static final class Waiter {
        final Supplier<CompletionStage<RateLimitDecision>> attempt;
        final long enqueuedAt;
        final CompletableFuture<RateLimitDecision> result = new CompletableFuture<>();
        volatile ScheduledFuture<?> deadline;
        boolean expired;

        Waiter(Supplier<CompletionStage<RateLimitDecision>> attempt, long enqueuedAt) {
            this.attempt = attempt;
            this.enqueuedAt = enqueuedAt;
        }
    }
}
