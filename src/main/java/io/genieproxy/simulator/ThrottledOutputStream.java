package io.genieproxy.simulator;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/** Writes through at no more than a given number of bytes per second, flushing each small slice, to simulate a slow body. */
final class ThrottledOutputStream extends FilterOutputStream {
    private static final int SLICES_PER_SECOND = 20;

    private final long bytesPerSecond;
    private final int slice;

    ThrottledOutputStream(OutputStream out, long bytesPerSecond) {
        super(out);
        this.bytesPerSecond = bytesPerSecond;
        this.slice = (int) Math.max(1, Math.min(64 * 1024, bytesPerSecond / SLICES_PER_SECOND));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int done = 0; done < len; ) {
            int n = Math.min(slice, len - done);
            out.write(b, off + done, n);
            out.flush();
            done += n;
            pause(n);
        }
    }

    private void pause(int bytes) throws IOException {
        try {
            Thread.sleep(Math.max(1, bytes * 1000L / bytesPerSecond));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("slow body interrupted");
        }
    }
}
