package io.genieproxy.audit;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-over from request threads to the one audit writer: bounded, lock-free, and waking the writer
 * only when it is asleep, so a busy writer costs request threads no lock hand-off and no system call.
 */
final class HandOffQueue<T> {
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private volatile Thread sleepingConsumer;

    HandOffQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds the item unless {@code capacity} items are waiting; any thread. */
    boolean offer(T item) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        add(item);
        return true;
    }

    /** Adds the item even when the queue is full (a stop marker, say); any thread. */
    void force(T item) {
        size.incrementAndGet();
        add(item);
    }

    private void add(T item) {
        items.add(item);
        // Pairs with take(): either the consumer's re-check sees the item, or this sees it asleep.
        Thread sleeping = sleepingConsumer;
        if (sleeping != null) {
            LockSupport.unpark(sleeping);
        }
    }

    /** The oldest item, waiting for one; only the single consumer thread calls this. */
    T take() throws InterruptedException {
        while (true) {
            T item = items.poll();
            if (item != null) {
                size.decrementAndGet();
                return item;
            }
            sleepingConsumer = Thread.currentThread();
            try {
                if (items.isEmpty()) {
                    LockSupport.park(this);
                }
            } finally {
                sleepingConsumer = null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Moves up to {@code max} waiting items to {@code into} without waiting; only the consumer thread. */
    void drainTo(List<T> into, int max) {
        for (int i = 0; i < max; i++) {
            T item = items.poll();
            if (item == null) {
                return;
            }
            size.decrementAndGet();
            into.add(item);
        }
    }
}
