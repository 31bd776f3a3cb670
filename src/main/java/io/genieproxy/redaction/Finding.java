package io.genieproxy.redaction;

/**
 * One detected value: where it is in the scanned text and what it is.
 *
 * @param category what was found
 * @param start index of the first character
 * @param end index after the last character
 */
public record Finding(PiiCategory category, int start, int end) {
    public Finding {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a finding needs a non-empty span");
        }
    }

    public int length() {
        return end - start;
    }
}
