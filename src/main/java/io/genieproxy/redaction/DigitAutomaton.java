package io.genieproxy.redaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A phone-metadata pattern over digits ({@code \d}, digits, classes of digits, groups, {@code |}, {@code ?},
 * {@code *}, {@code +}, {@code {n}}, {@code {n,m}}, {@code {n,}}) built into a deterministic automaton, so a whole
 * match of a digit string costs one table step per digit instead of a backtracking regular-expression match.
 * Immutable once built, so it is shared between threads.
 */
final class DigitAutomaton {
    /** Automata larger than this are not built; the caller keeps the regular expression. */
    static final int MAX_STATES = 2048;

    /** {@code next[state * 10 + digit]}: the state after reading the digit, -1 for no match from there. */
    private final int[] next;
    private final boolean[] accepting;

    private DigitAutomaton(int[] next, boolean[] accepting) {
        this.next = next;
        this.accepting = accepting;
    }

    /**
     * The automaton of {@code pattern}, or null when the pattern uses anything else than the constructs listed
     * above or its automaton would exceed {@value #MAX_STATES} states.
     */
    static DigitAutomaton of(String pattern) {
        Nfa nfa = new Nfa();
        Parser parser = new Parser(pattern, nfa);
        int[] fragment = parser.alternation();
        if (fragment == null || parser.at != pattern.length() || nfa.size() > 1 << 14) {
            return null;
        }
        int match = nfa.add(Nfa.MATCH, 0, -1, -1);
        nfa.patch(fragment, match);
        return determinize(nfa, fragment[0]);
    }

    /** Whether the whole of {@code digits} (ASCII digits only) matches. */
    boolean matches(CharSequence digits) {
        int state = 0;
        for (int i = 0, n = digits.length(); i < n; i++) {
            int digit = digits.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            state = next[state * 10 + digit];
            if (state < 0) {
                return false;
            }
        }
        return accepting[state];
    }

    private static DigitAutomaton determinize(Nfa nfa, int start) {
        Map<List<Integer>, Integer> ids = new HashMap<>();
        List<int[]> sets = new ArrayList<>();
        int[] first = nfa.closure(new int[] {start});
        ids.put(key(first), 0);
        sets.add(first);
        int[] next = new int[10 * 64];
        for (int state = 0; state < sets.size(); state++) {
            int[] set = sets.get(state);
            for (int digit = 0; digit < 10; digit++) {
                int[] moved = nfa.closure(nfa.step(set, digit));
                int target = -1;
                if (moved.length > 0) {
                    List<Integer> key = key(moved);
                    Integer known = ids.get(key);
                    if (known == null) {
                        if (sets.size() == MAX_STATES) {
                            return null;
                        }
                        known = sets.size();
                        ids.put(key, known);
                        sets.add(moved);
                    }
                    target = known;
                }
                if (next.length <= state * 10 + digit) {
                    next = Arrays.copyOf(next, next.length * 2);
                }
                next[state * 10 + digit] = target;
            }
        }
        boolean[] accepting = new boolean[sets.size()];
        for (int state = 0; state < sets.size(); state++) {
            for (int s : sets.get(state)) {
                accepting[state] |= nfa.kind(s) == Nfa.MATCH;
            }
        }
        return new DigitAutomaton(Arrays.copyOf(next, sets.size() * 10), accepting);
    }

    private static List<Integer> key(int[] set) {
        List<Integer> key = new ArrayList<>(set.length);
        for (int s : set) {
            key.add(s);
        }
        return key;
    }

    /** A Thompson automaton: digit-set states with one successor, split states with two, one match state. */
    private static final class Nfa {
        static final int DIGITS = 0;
        static final int SPLIT = 1;
        static final int MATCH = 2;

        private int[] kinds = new int[64];
        private int[] masks = new int[64];
        private int[] out1 = new int[64];
        private int[] out2 = new int[64];
        private int size;

        int add(int kind, int mask, int first, int second) {
            if (size == kinds.length) {
                kinds = Arrays.copyOf(kinds, size * 2);
                masks = Arrays.copyOf(masks, size * 2);
                out1 = Arrays.copyOf(out1, size * 2);
                out2 = Arrays.copyOf(out2, size * 2);
            }
            kinds[size] = kind;
            masks[size] = mask;
            out1[size] = first;
            out2[size] = second;
            return size++;
        }

        int size() {
            return size;
        }

        int kind(int state) {
            return kinds[state];
        }

        /**
         * Points the dangling exits of a fragment at {@code target}. A fragment is its start state followed by its
         * dangling exits, each encoded as {@code state * 2 + (0 for out1, 1 for out2)}.
         */
        void patch(int[] fragment, int target) {
            for (int k = 1; k < fragment.length; k++) {
                int state = fragment[k] >> 1;
                if ((fragment[k] & 1) == 0) {
                    out1[state] = target;
                } else {
                    out2[state] = target;
                }
            }
        }

        /** A state reading one digit of {@code mask}, as a fragment. */
        int[] digits(int mask) {
            int state = add(DIGITS, mask, -1, -1);
            return new int[] {state, state * 2};
        }

        /** Either fragment, or, with {@code b} null, {@code a} or nothing. */
        int[] either(int[] a, int[] b) {
            int split = add(SPLIT, 0, a[0], b == null ? -1 : b[0]);
            int[] exits = Arrays.copyOf(a, a.length + (b == null ? 1 : b.length - 1));
            exits[0] = split;
            if (b == null) {
                exits[a.length] = split * 2 + 1;
            } else {
                System.arraycopy(b, 1, exits, a.length, b.length - 1);
            }
            return exits;
        }

        /** {@code a} followed by {@code b}. */
        int[] then(int[] a, int[] b) {
            patch(a, b[0]);
            int[] fragment = b.clone();
            fragment[0] = a[0];
            return fragment;
        }

        /** {@code a} any number of times, including none. */
        int[] star(int[] a) {
            int split = add(SPLIT, 0, a[0], -1);
            patch(a, split);
            return new int[] {split, split * 2 + 1};
        }

        /** The states reached from {@code set} by reading {@code digit}, before closure. */
        int[] step(int[] set, int digit) {
            int[] moved = new int[set.length];
            int count = 0;
            for (int s : set) {
                if (kinds[s] == DIGITS && (masks[s] & (1 << digit)) != 0) {
                    moved[count++] = out1[s];
                }
            }
            return Arrays.copyOf(moved, count);
        }

        /** The digit and match states reachable from {@code states} through split states, sorted. */
        int[] closure(int[] states) {
            boolean[] seen = new boolean[size];
            int[] stack = new int[size];
            int top = 0;
            for (int s : states) {
                if (!seen[s]) {
                    seen[s] = true;
                    stack[top++] = s;
                }
            }
            while (top > 0) {
                int s = stack[--top];
                if (kinds[s] == SPLIT) {
                    for (int t : new int[] {out1[s], out2[s]}) {
                        if (t >= 0 && !seen[t]) {
                            seen[t] = true;
                            stack[top++] = t;
                        }
                    }
                }
            }
            int count = 0;
            int[] result = new int[size];
            for (int s = 0; s < size; s++) {
                if (seen[s] && kinds[s] != SPLIT) {
                    result[count++] = s;
                }
            }
            return Arrays.copyOf(result, count);
        }
    }

    /** Recursive descent over the supported syntax; a method returns null on anything else. */
    private static final class Parser {
        private final String pattern;
        private final Nfa nfa;
        private int at;

        Parser(String pattern, Nfa nfa) {
            this.pattern = pattern;
            this.nfa = nfa;
        }

        int[] alternation() {
            int[] result = sequence();
            while (result != null && at < pattern.length() && pattern.charAt(at) == '|') {
                at++;
                int[] other = sequence();
                result = other == null ? null : nfa.either(result, other);
            }
            return result;
        }

        private int[] sequence() {
            int[] result = null;
            while (at < pattern.length() && pattern.charAt(at) != '|' && pattern.charAt(at) != ')') {
                int atomStart = at;
                int[] atom = atom();
                if (atom == null) {
                    return null;
                }
                int atomEnd = at;
                atom = quantified(atom, atomStart, atomEnd);
                if (atom == null) {
                    return null;
                }
                result = result == null ? atom : nfa.then(result, atom);
            }
            // An empty alternative matches the empty string.
            return result != null ? result : nfa.either(nfa.digits(0), null);
        }

        private int[] atom() {
            char c = pattern.charAt(at);
            if (c >= '0' && c <= '9') {
                at++;
                return nfa.digits(1 << (c - '0'));
            }
            if (c == '\\' && pattern.startsWith("\\d", at)) {
                at += 2;
                return nfa.digits(0x3FF);
            }
            if (c == '[') {
                return digitClass();
            }
            if (c == '(') {
                at += pattern.startsWith("(?:", at) ? 3 : 1;
                int[] inner = alternation();
                if (inner == null || at >= pattern.length() || pattern.charAt(at) != ')') {
                    return null;
                }
                at++;
                return inner;
            }
            return null;
        }

        private int[] digitClass() {
            int mask = 0;
            at++;
            while (at < pattern.length() && pattern.charAt(at) != ']') {
                char c = pattern.charAt(at);
                if (c < '0' || c > '9') {
                    return null;
                }
                if (at + 2 < pattern.length() && pattern.charAt(at + 1) == '-' && pattern.charAt(at + 2) != ']') {
                    char last = pattern.charAt(at + 2);
                    if (last < c || last > '9') {
                        return null;
                    }
                    for (char d = c; d <= last; d++) {
                        mask |= 1 << (d - '0');
                    }
                    at += 3;
                } else {
                    mask |= 1 << (c - '0');
                    at++;
                }
            }
            if (at >= pattern.length() || mask == 0) {
                return null;
            }
            at++;
            return nfa.digits(mask);
        }

        /** Applies a quantifier after the atom {@code pattern[atomStart, atomEnd)}, rebuilding the atom for each copy. */
        private int[] quantified(int[] atom, int atomStart, int atomEnd) {
            if (at >= pattern.length()) {
                return atom;
            }
            char c = pattern.charAt(at);
            int min;
            int max;
            if (c == '?') {
                min = 0;
                max = 1;
                at++;
            } else if (c == '*') {
                min = 0;
                max = -1;
                at++;
            } else if (c == '+') {
                min = 1;
                max = -1;
                at++;
            } else if (c == '{') {
                int close = pattern.indexOf('}', at);
                if (close < 0) {
                    return null;
                }
                String[] bounds = pattern.substring(at + 1, close).split(",", -1);
                try {
                    min = Integer.parseInt(bounds[0]);
                    max = bounds.length == 1 ? min : bounds[1].isEmpty() ? -1 : Integer.parseInt(bounds[1]);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (bounds.length > 2 || min < 0 || min > 32 || (max >= 0 && (max < min || max > 32))) {
                    return null;
                }
                at = close + 1;
            } else {
                return atom;
            }
            if (at < pattern.length() && (pattern.charAt(at) == '?' || pattern.charAt(at) == '+' || pattern.charAt(at) == '{')) {
                // Lazy or possessive quantifiers, or a quantified quantifier: not supported.
                return null;
            }
            int[] result = null;
            int copies = Math.max(min, max < 0 ? min + 1 : max);
            for (int k = 0; k < copies; k++) {
                int[] copy = k == 0 ? atom : reparse(atomStart, atomEnd);
                if (copy == null) {
                    return null;
                }
                if (k >= min) {
                    copy = max < 0 ? nfa.star(copy) : nfa.either(copy, null);
                }
                result = result == null ? copy : nfa.then(result, copy);
            }
            return result != null ? result : nfa.either(nfa.digits(0), null);
        }

        private int[] reparse(int atomStart, int atomEnd) {
            int resume = at;
            at = atomStart;
            int[] copy = atom();
            if (at != atomEnd) {
                copy = null;
            }
            at = resume;
            return copy;
        }
    }
}
