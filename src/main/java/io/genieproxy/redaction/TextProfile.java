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

    private TextProfile() {
    }

    public static TextProfile of(String text) {
        TextProfile profile = new TextProfile();
        int n = text.length();
        profile.length = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c <= '9') {
                if (c >= '0') {
                    profile.digits++;
                } else if (c == '.') {
                    profile.dots++;
                }
            } else if (c >= 'a' && c <= 'z') {
                profile.letters++;
            } else if (c >= 'A' && c <= 'Z') {
                profile.letters++;
                profile.upperLetters++;
            } else if (c == '@') {
                profile.ats++;
            } else if (c == ':') {
                profile.colons++;
            }
        }
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
}
