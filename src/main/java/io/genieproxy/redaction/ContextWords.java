package io.genieproxy.redaction;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Words near a candidate (or in its column name) that turn a weak pattern, such as nine bare digits, into a finding. */
final class ContextWords {
    /** How far before a candidate a context word may start. */
    static final int WINDOW = 40;

    /** Hints (column names) remembered, so a hostile body with endless column names cannot grow the map without bound. */
    private static final int MAX_HINTS = 1024;

    private final String[] words;
    /** Whether each hint seen holds a word: hints are column names, asked about once per cell. */
    private final Map<String, Boolean> hints = new ConcurrentHashMap<>();
    /** The words by their first letter ({@code a}-{@code z}), so a position is compared only with words that can start there. */
    private final String[][] byFirstLetter = new String[26][];
    /** The {@link TextProfile#letterPairs} bits of the words' first two letters. */
    private final long letterPairs;

    ContextWords(String... words) {
        this.words = List.of(words).stream().map(w -> w.toLowerCase(Locale.ROOT)).toArray(String[]::new);
        for (char letter = 'a'; letter <= 'z'; letter++) {
            char first = letter;
            String[] starting = List.of(this.words).stream().filter(w -> w.charAt(0) == first).toArray(String[]::new);
            byFirstLetter[letter - 'a'] = starting.length == 0 ? null : starting;
        }
        long pairs = 0;
        for (String word : this.words) {
            if (word.length() < 2 || !Chars.isLetter(word.charAt(0)) || !Chars.isLetter(word.charAt(1))) {
                throw new IllegalArgumentException("a context word starts with two ASCII letters: " + word);
            }
            pairs |= TextProfile.pairsStartingWith(word.charAt(0), word.charAt(1));
        }
        this.letterPairs = pairs;
    }

    /** Whether a word may appear in the profiled text; {@code false} means it appears nowhere in it. */
    boolean mayAppearIn(TextProfile profile) {
        return (profile.letterPairs() & letterPairs) != 0;
    }

    /** Whether a word appears in the {@value #WINDOW} characters before {@code start} or in the hint. */
    boolean isPresent(String text, int start, String hint) {
        return isInHint(hint) || appearsIn(text, Math.max(0, start - WINDOW), start);
    }

    /** Whether a word appears anywhere in {@code text} or the hint: when not, no candidate in the text can have context. */
    boolean isAnywhere(String text, String hint) {
        return isInHint(hint) || appearsIn(text, 0, text.length());
    }

    /** Whether a word appears in the hint (a column name); remembered per hint. */
    boolean isInHint(String hint) {
        if (hint.isEmpty()) {
            return false;
        }
        Boolean known = hints.get(hint);
        if (known == null) {
            known = containsWord(hint);
            if (hints.size() < MAX_HINTS) {
                hints.put(hint, known);
            }
        }
        return known;
    }

    private boolean containsWord(String hint) {
        String lower = hint.toLowerCase(Locale.ROOT);
        for (String word : words) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a word starts in {@code [from, to)} and ends by {@code to}, not preceded by a letter; only the
     * first letter of each run of letters can start one, so the rest of the run is skipped.
     */
    private boolean appearsIn(String text, int from, int to) {
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (!Chars.isLetter(c)) {
                i++;
                continue;
            }
            String[] candidates = byFirstLetter[(c | 0x20) - 'a'];
            if (candidates != null && (i == 0 || !Chars.isLetter(text.charAt(i - 1)))) {
                for (String word : candidates) {
                    if (i + word.length() <= to && text.regionMatches(true, i, word, 0, word.length())) {
                        return true;
                    }
                }
            }
            i++;
            while (i < to && Chars.isLetter(text.charAt(i))) {
                i++;
            }
        }
        return false;
    }
}
