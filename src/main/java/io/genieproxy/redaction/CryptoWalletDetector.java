package io.genieproxy.redaction;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * Cryptocurrency wallet addresses: Bitcoin legacy/P2SH (Base58Check with its double-SHA-256
 * checksum), Bitcoin SegWit/Taproot ({@code bc1}, BIP-173 bech32 / BIP-350 bech32m checksum), and
 * Ethereum ({@code 0x} and 40 hex digits; the EIP-55 mixed-case checksum needs Keccak, which the JDK lacks).
 */
public final class CryptoWalletDetector implements Detector {
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int BECH32M_CONSTANT = 0x2bc830a3;

    @Override
    public PiiCategory category() {
        return PiiCategory.CRYPTO_WALLET;
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        return profile.length() >= 26;
    }

    @Override
    public void detect(String text, String contextHint, List<Finding> out) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (Chars.isAlnumAt(text, i - 1) || !Chars.isAlnum(text.charAt(i))) {
                continue;
            }
            int end = i;
            while (end < n && Chars.isAlnum(text.charAt(end))) {
                end++;
            }
            String word = text.substring(i, end);
            if (isEthereum(word) || isBase58Check(word) || isBech32(word)) {
                out.add(new Finding(PiiCategory.CRYPTO_WALLET, i, end));
            }
            i = end;
        }
    }

    static boolean isEthereum(String word) {
        if (word.length() != 42 || !(word.startsWith("0x") || word.startsWith("0X"))) {
            return false;
        }
        for (int k = 2; k < 42; k++) {
            if (!Chars.isHex(word.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    static boolean isBase58Check(String word) {
        if (word.length() < 26 || word.length() > 35 || (word.charAt(0) != '1' && word.charAt(0) != '3')) {
            return false;
        }
        BigInteger value = BigInteger.ZERO;
        BigInteger radix = BigInteger.valueOf(58);
        for (int k = 0; k < word.length(); k++) {
            int digit = BASE58.indexOf(word.charAt(k));
            if (digit < 0) {
                return false;
            }
            value = value.multiply(radix).add(BigInteger.valueOf(digit));
        }
        byte[] raw = value.toByteArray();
        int leadingZeros = 0;
        while (leadingZeros < word.length() && word.charAt(leadingZeros) == '1') {
            leadingZeros++;
        }
        int offset = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        int significant = raw.length - offset;
        if (leadingZeros + significant != 25) {
            return false;
        }
        byte[] decoded = new byte[25];
        System.arraycopy(raw, offset, decoded, leadingZeros, significant);
        if (decoded[0] != 0x00 && decoded[0] != 0x05) {
            return false;
        }
        byte[] checksum = sha256(sha256(Arrays.copyOf(decoded, 21)));
        return Arrays.equals(Arrays.copyOfRange(checksum, 0, 4), Arrays.copyOfRange(decoded, 21, 25));
    }

    static boolean isBech32(String word) {
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("bc1") || word.length() < 14 || word.length() > 74
                || (!word.equals(lower) && !word.equals(word.toUpperCase(java.util.Locale.ROOT)))) {
            return false;
        }
        int[] values = new int[2 * 2 + 1 + lower.length() - 3];
        values[0] = 'b' >> 5;
        values[1] = 'c' >> 5;
        values[2] = 0;
        values[3] = 'b' & 31;
        values[4] = 'c' & 31;
        for (int k = 3; k < lower.length(); k++) {
            int v = BECH32.indexOf(lower.charAt(k));
            if (v < 0) {
                return false;
            }
            values[5 + k - 3] = v;
        }
        int polymod = polymod(values);
        return polymod == 1 || polymod == BECH32M_CONSTANT;
    }

    private static int polymod(int[] values) {
        int[] generator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        for (int v : values) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int g = 0; g < 5; g++) {
                if (((top >>> g) & 1) != 0) {
                    chk ^= generator[g];
                }
            }
        }
        return chk;
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
