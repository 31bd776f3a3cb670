package io.genieproxy.server;

import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.core.io.buffer.ReadBuffer;
import java.io.InputStream;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;

/**
 * A workspace body the server reads only on demand. The server's streaming writer must not be handed
 * bytes before it asked for them, but a client body that already holds part of the answer hands them
 * over the moment it is subscribed; reading through this wrapper makes the server pull instead.
 */
final class LazyStartByteBody implements CloseableByteBody {
    private final CloseableByteBody delegate;

    LazyStartByteBody(CloseableByteBody delegate) {
        this.delegate = delegate;
    }

    @Override
    public CloseableByteBody split(SplitBackpressureMode backpressureMode) {
        return new LazyStartByteBody(delegate.split(backpressureMode));
    }

    @Override
    public OptionalLong expectedLength() {
        return delegate.expectedLength();
    }

    @Override
    public InputStream toInputStream() {
        return delegate.toInputStream();
    }

    @Override
    public Publisher<byte[]> toByteArrayPublisher() {
        return delegate.toByteArrayPublisher();
    }

    @Override
    public Publisher<ReadBuffer> toReadBufferPublisher() {
        return delegate.toReadBufferPublisher();
    }

    @Override
    public CompletableFuture<? extends CloseableAvailableByteBody> buffer() {
        return delegate.buffer();
    }

    @Override
    public CloseableByteBody move() {
        return new LazyStartByteBody(delegate.move());
    }

    @Override
    public void close() {
        delegate.close();
    }
}
