package io.genieproxy.redaction;

import java.util.List;

/** Web addresses ({@code http://}, {@code https://}, {@code ftp://}, {@code www.}), which often carry names, tokens or ids in their path and query. */
public final class UrlDetector implements Detector {
    private static final String[] PREFIXES = {"https://", "http://", "ftp://", "www."};

    @Override
    public PiiCategory category() {
        return PiiCategory.URL;
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        return profile.dots() > 0 || profile.colons() > 0;
    }

    @Override
    public void detect(String text, String contextHint, List<Finding> out) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if ((c != 'h' && c != 'H' && c != 'f' && c != 'F' && c != 'w' && c != 'W') || Chars.isAlnumAt(text, i - 1)) {
                continue;
            }
            for (String prefix : PREFIXES) {
                if (text.regionMatches(true, i, prefix, 0, prefix.length())) {
                    int end = i + prefix.length();
                    while (end < n && !Character.isWhitespace(text.charAt(end)) && "\"<>`".indexOf(text.charAt(end)) < 0) {
                        end++;
                    }
                    while (end > i && ".,;:!?)]}'".indexOf(text.charAt(end - 1)) >= 0) {
                        end--;
                    }
                    if (end - i > prefix.length() + 3 && text.indexOf('.', i + prefix.length()) >= 0) {
                        out.add(new Finding(PiiCategory.URL, i, end));
                        i = end;
                    }
                    break;
                }
            }
        }
    }
}
