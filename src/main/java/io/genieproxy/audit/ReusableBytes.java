package io.genieproxy.audit;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** A byte buffer kept across uses and read in place, without the copy {@code toByteArray} makes; one thread at a time. */
final class ReusableBytes extends ByteArrayOutputStream {

    ReusableBytes(int initialCapacity) {
        super(initialCapacity);
    }

    /** The backing array; bytes {@code [0, size())} are the contents. */
    byte[] array() {
        return buf;
    }

    /** Forgets the bytes from {@code size} on. */
    void truncate(int size) {
        if (size < 0 || size > count) {
            throw new IndexOutOfBoundsException(size);
        }
        count = size;
    }

    /** Appends a string whose characters are all ASCII, one byte each. */
    void writeAscii(String text) {
        int length = text.length();
        if (count + length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + length));
        }
        for (int i = 0; i < length; i++) {
            buf[count + i] = (byte) text.charAt(i);
        }
        count += length;
    }

    /** The capacity, for callers that drop a buffer an unusual batch made large. */
    int capacity() {
        return buf.length;
    }
}
