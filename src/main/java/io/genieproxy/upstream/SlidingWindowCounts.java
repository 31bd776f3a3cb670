package io.genieproxy.upstream;

import java.time.Clock;
import java.time.Duration;

/**
 * Two counts (all events and marked ones, such as requests and retries or calls and failures)
 * over a sliding time window made of equal buckets; not thread-safe, callers synchronise.
 */
final class SlidingWindowCounts {
    private final Clock clock;
    private final long bucketMillis;
    private final long[] bucketIndex;
    private final long[] all;
    private final long[] marked;

    SlidingWindowCounts(Duration window, int buckets, Clock clock) {
        if (buckets < 1 || window.toMillis() < buckets) {
            throw new IllegalArgumentException("a window needs at least one millisecond per bucket");
        }
        this.clock = clock;
        this.bucketMillis = window.toMillis() / buckets;
        this.bucketIndex = new long[buckets];
        this.all = new long[buckets];
        this.marked = new long[buckets];
        java.util.Arrays.fill(bucketIndex, Long.MIN_VALUE);
    }

    void record(boolean isMarked) {
        int slot = currentSlot();
        all[slot]++;
        if (isMarked) {
            marked[slot]++;
        }
    }

    /** Counts one marked event without counting it among all events. */
    void recordMarkedOnly() {
        marked[currentSlot()]++;
    }

    long all() {
        currentSlot();
        long sum = 0;
        for (long n : all) {
            sum += n;
        }
        return sum;
    }

    long marked() {
        currentSlot();
        long sum = 0;
        for (long n : marked) {
            sum += n;
        }
        return sum;
    }

    void clear() {
        java.util.Arrays.fill(all, 0);
        java.util.Arrays.fill(marked, 0);
    }

    /** Zeroes buckets that slid out of the window and returns the slot of the current bucket. */
    private int currentSlot() {
        long index = Math.floorDiv(clock.millis(), bucketMillis);
        for (int i = 0; i < bucketIndex.length; i++) {
            if (bucketIndex[i] != Long.MIN_VALUE && bucketIndex[i] <= index - bucketIndex.length) {
                bucketIndex[i] = Long.MIN_VALUE;
                all[i] = 0;
                marked[i] = 0;
            }
        }
        int slot = (int) Math.floorMod(index, (long) bucketIndex.length);
        if (bucketIndex[slot] != index) {
            bucketIndex[slot] = index;
            all[slot] = 0;
            marked[slot] = 0;
        }
        return slot;
    }
}
