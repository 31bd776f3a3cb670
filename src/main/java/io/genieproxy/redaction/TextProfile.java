package io.genieproxy.redaction;

/** Character-class counts of a text, gathered in one pass so detectors can decline without scanning. */
public final class TextProfile {
    private int digits;
    private int letters;
    private int upperLetters;
    private int ats;
    private int colons;
    private int dots;
    private int length;
    private int longestGroupedDigits;
    private boolean doubleColon;

    private TextProfile() {
    }

    public static TextProfile of(String text) {
        TextProfile profile = new TextProfile();
        int n = text.length();
        profile.length = n;
        int run = 0;
        int longest = 0;
        char previous = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c <= '9') {
                if (c >= '0') {
                    profile.digits++;
                    run++;
                    if (run > longest) {
                        longest = run;
                    }
                } else if (c == '.') {
                    profile.dots++;
                    run = 0;
                } else if ((c != ' ' && c != '-') || previous < '0' || previous > '9') {
                    run = 0;
                }
            } else {
                run = 0;
                if (c >= 'a' && c <= 'z') {
                    profile.letters++;
                } else if (c >= 'A' && c <= 'Z') {
                    profile.letters++;
                    profile.upperLetters++;
                } else if (c == '@') {
                    profile.ats++;
                } else if (c == ':') {
                    profile.colons++;
                    if (previous == ':') {
                        profile.doubleColon = true;
                    }
                }
            }
            previous = c;
        }
        profile.longestGroupedDigits = longest;
        return profile;
    }

    public int digits() {
        return digits;
    }

    public int letters() {
        return letters;
    }

    public int upperLetters() {
        return upperLetters;
    }

    public int ats() {
        return ats;
    }

    public int colons() {
        return colons;
    }

    public int dots() {
        return dots;
    }

    public int length() {
        return length;
    }

    /** Digits in the longest run of digit groups joined by single spaces or dashes ({@code 4111 1111 ...}, {@code 123-45-6789}). */
    public int longestGroupedDigits() {
        return longestGroupedDigits;
    }

    /** Whether the text contains {@code ::}, which every compressed IPv6 address has. */
    public boolean hasDoubleColon() {
        return doubleColon;
    }
}
