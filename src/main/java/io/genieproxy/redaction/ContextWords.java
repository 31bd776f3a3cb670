package io.genieproxy.redaction;

import java.util.List;
import java.util.Locale;

/** Words near a candidate (or in its column name) that turn a weak pattern, such as nine bare digits, into a finding. */
final class ContextWords {
    /** How far before a candidate a context word may start. */
    static final int WINDOW = 40;

    private final List<String> words;

    ContextWords(String... words) {
        this.words = List.of(words);
    }

    /** Whether a word appears in the {@value #WINDOW} characters before {@code start} or in the hint. */
    boolean isPresent(String text, int start, String hint) {
        if (!hint.isEmpty()) {
            String lower = hint.toLowerCase(Locale.ROOT);
            for (String word : words) {
                if (lower.contains(word)) {
                    return true;
                }
            }
        }
        int from = Math.max(0, start - WINDOW);
        for (String word : words) {
            int last = start - word.length();
            for (int i = from; i <= last; i++) {
                if (text.regionMatches(true, i, word, 0, word.length())
                        && !Chars.isLetter(i > 0 ? text.charAt(i - 1) : ' ')) {
                    return true;
                }
            }
        }
        return false;
    }
}
