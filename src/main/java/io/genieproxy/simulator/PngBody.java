package io.genieproxy.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A structurally valid PNG of an exact length, written in 64 KiB pieces so multi-megabyte bodies stream:
 * signature, a 1×1 IHDR and IDAT, a private ancillary chunk of deterministic filler, and IEND.
 */
final class PngBody implements ResponseBody {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] IHDR = {0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0};
    private static final byte[] IDAT = {0x78, (byte) 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01};
    private static final int FIXED = SIGNATURE.length + (12 + IHDR.length) + (12 + IDAT.length) + 12 + 12;
    private static final int PIECE = 64 * 1024;

    private final long length;

    PngBody(long length) {
        if (length < FIXED) {
            throw new IllegalArgumentException("a PNG needs at least " + FIXED + " bytes");
        }
        this.length = length;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(SIGNATURE);
        chunk(out, "IHDR", IHDR);
        chunk(out, "IDAT", IDAT);
        long filler = length - FIXED;
        byte[] type = "siMu".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(type);
        out.write(ByteBuffer.allocate(4).putInt((int) filler).array());
        out.write(type);
        byte[] piece = new byte[PIECE];
        for (int i = 0; i < piece.length; i++) {
            piece[i] = (byte) (i * 31 + 7);
        }
        for (long written = 0; written < filler; ) {
            int n = (int) Math.min(piece.length, filler - written);
            crc.update(piece, 0, n);
            out.write(piece, 0, n);
            written += n;
        }
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        chunk(out, "IEND", new byte[0]);
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(typeBytes);
        out.write(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
