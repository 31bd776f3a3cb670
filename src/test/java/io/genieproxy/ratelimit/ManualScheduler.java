package io.genieproxy.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A scheduler driven by {@link ManualTime}: tasks run, in due order, only inside {@link #advance}. */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final ManualTime time;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long sequence;

    public ManualScheduler(ManualTime time) {
        this.time = time;
    }

    /** Moves time forward by {@code by}, running each task when its time comes. */
    public void advance(Duration by) {
        long end = time.read() + by.toNanos();
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.dueNanos > end) {
                    break;
                }
                tasks.poll();
            }
            if (next.dueNanos > time.read()) {
                time.advance(Duration.ofNanos(next.dueNanos - time.read()));
            }
            if (!next.cancelled) {
                next.done = true;
                next.command.run();
            }
        }
        if (end > time.read()) {
            time.advance(Duration.ofNanos(end - time.read()));
        }
    }

    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task task = new Task(command, time.read() + unit.toNanos(Math.max(0, delay)), sequence++);
        tasks.add(task);
        return task;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Task implements ScheduledFuture<Object> {
        final Runnable command;
        final long dueNanos;
        final long order;
        volatile boolean cancelled;
        volatile boolean done;

        Task(Runnable command, long dueNanos, long order) {
            this.command = command;
            this.dueNanos = dueNanos;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - time.read(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task o = (Task) other;
            int byTime = Long.compare(dueNanos, o.dueNanos);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            if (done) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
