package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HandOffQueueTest {

    @Test
    void refusesPastItsCapacityButTakesAForcedItem() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(2);
        assertTrue(queue.offer("a"));
        assertTrue(queue.offer("b"));
        assertFalse(queue.offer("c"));
        queue.force("stop");
        List<String> drained = new ArrayList<>();
        drained.add(queue.take());
        queue.drainTo(drained, 10);
        assertEquals(List.of("a", "b", "stop"), drained);
        assertTrue(queue.offer("d"), "room again once drained");
    }

    /** Many producers racing a consumer that keeps falling asleep: every item arrives, none twice, no wake-up is lost. */
    @Test
    @Timeout(60)
    void aSleepingConsumerIsWokenForEveryItem() throws Exception {
        int producers = 4;
        int perProducer = 50_000;
        HandOffQueue<Integer> queue = new HandOffQueue<>(1_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < perProducer; i++) {
                    queue.offer(base + i);
                    if (i % 1000 == 0) {
                        Thread.sleep(1); // let the consumer drain and park
                    }
                }
                return null;
            });
        }
        go.countDown();
        Set<Integer> seen = new HashSet<>();
        List<Integer> batch = new ArrayList<>();
        while (seen.size() < producers * perProducer) {
            batch.add(queue.take());
            queue.drainTo(batch, 511);
            for (Integer item : batch) {
                assertTrue(seen.add(item), "taken twice: " + item);
            }
            batch.clear();
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
