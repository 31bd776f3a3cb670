package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReusableBytesTest {

    @Test
    void asciiAndBytesAppendInOrderAndGrowPastTheInitialCapacity() {
        ReusableBytes bytes = new ReusableBytes(4);
        bytes.writeAscii("{\"seq\":");
        bytes.write('7');
        byte[] members = ",\"kind\":\"request\"".getBytes(StandardCharsets.UTF_8);
        bytes.write(members, 0, members.length);
        bytes.writeAscii("}");
        assertEquals("{\"seq\":7,\"kind\":\"request\"}", read(bytes));
        assertTrue(bytes.capacity() >= bytes.size());
    }

    @Test
    void truncateForgetsTheTailAndTheNextWriteReplacesIt() {
        ReusableBytes bytes = new ReusableBytes(16);
        bytes.writeAscii("{\"a\":1}");
        bytes.truncate(bytes.size() - 1);
        bytes.writeAscii(",\"b\":2}\n");
        assertEquals("{\"a\":1,\"b\":2}\n", read(bytes));
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.truncate(bytes.size() + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.truncate(-1));
    }

    @Test
    void resetKeepsTheArraySoTheNextUseAllocatesNothing() {
        ReusableBytes bytes = new ReusableBytes(8);
        bytes.writeAscii("0123456789abcdef");
        byte[] array = bytes.array();
        bytes.reset();
        bytes.writeAscii("xy");
        assertTrue(array == bytes.array(), "the same backing array");
        assertArrayEquals("xy".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(bytes.array(), bytes.size()));
    }

    private static String read(ReusableBytes bytes) {
        return new String(bytes.array(), 0, bytes.size(), StandardCharsets.UTF_8);
    }
}
