package io.genieproxy.redaction;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The policy as it applies to one request (space rules minus the caller's exemptions), turned into
 * replacements for free text, query-result cells and SQL literals.
 */
final class TextRedactor {
    static final String COLUMN_LABEL = "COLUMN";
    /** What {@link #cell} returns for a cell that passes as it is; compared by identity. */
    static final String UNCHANGED = new String("(unchanged)");
    /** The fewest digits of a numeric SQL literal worth scanning: a phone number's. */
    static final int MIN_SQL_NUMBER_DIGITS = 7;
    /** Keywords between an identifier and the literals compared with it. */
    private static final Set<String> SQL_CONNECTIVES = Set.of("IN", "AND", "OR", "NOT", "BETWEEN", "LIKE", "ILIKE", "RLIKE", "IS");

    private final PiiScanner scanner;
    private final RedactionPolicy.Rules rules;
    private final boolean exemptFromAll;
    private final Replacements replacements;
    private final ScanMemo memo = new ScanMemo();

    TextRedactor(PiiScanner scanner, RedactionPolicy.Rules rules, Set<PiiCategory> exempt, Replacements replacements) {
        this.scanner = scanner;
        this.rules = rules;
        this.exemptFromAll = exempt.size() == PiiCategory.values().length;
        this.replacements = replacements;
    }

    boolean redactsSqlLiterals() {
        return rules.redactSqlLiterals();
    }

    /** Free text with every finding replaced; returns {@code text} itself when nothing was found. */
    String text(String text, String column, Supplier<String> path, RedactionReport.Builder report) {
        return text(text, column == null ? "" : column, column, path, report);
    }

    /** Like {@link #text(String, String, Supplier, RedactionReport.Builder)}, scanned with {@code hint} as context. */
    private String text(String text, String hint, String column, Supplier<String> path, RedactionReport.Builder report) {
        List<Finding> findings = scanner.findings(text, hint, memo);
        if (findings.isEmpty()) {
            return text;
        }
        return textWithFindings(text, findings, column, path, report);
    }

    /**
     * A query-result cell, given as characters ({@code chars[offset, offset + length)}, such as jackson's
     * buffer): a column rule replaces the whole value (labelled with the first category found in it, else
     * {@code COLUMN}) unless the caller is exempt from everything; otherwise it is scanned as free text.
     * Returns {@link #UNCHANGED} when the cell passes as it is (no String is built for most such cells),
     * null for a dropped cell, including a cell that was nothing but one dropped value.
     */
    String cell(char[] chars, int offset, int length, String column, Supplier<String> path, RedactionReport.Builder report) {
        RedactionMode columnMode = column == null || rules.columnModes().isEmpty() ? null : rules.columnModes().get(lowerCase(column));
        if (columnMode != null && !exemptFromAll && length > 0) {
            String value = new String(chars, offset, length);
            List<Finding> findings = scanner.findings(value, column, memo);
            String label = findings.isEmpty() ? COLUMN_LABEL : findings.get(0).category().name();
            report.record(label, columnMode, column, path == null ? null : path.get());
            return replacements.render(columnMode, label, value);
        }
        String hint = column == null ? "" : column;
        TextProfile profile = memo.profile();
        profile.measure(chars, offset, offset + length);
        long candidates = scanner.candidates(profile, hint, memo);
        if (candidates == 0) {
            return UNCHANGED;
        }
        String value = new String(chars, offset, length);
        List<Finding> findings = scanner.findings(value, hint, candidates, memo);
        if (findings.isEmpty()) {
            return UNCHANGED;
        }
        if (findings.size() == 1 && rules.modeFor(findings.get(0).category()) == RedactionMode.DROP
                && value.trim().length() == findings.get(0).length()) {
            report.record(findings.get(0).category(), RedactionMode.DROP, column, path == null ? null : path.get());
            return null;
        }
        return textWithFindings(value, findings, column, path, report);
    }

    private String textWithFindings(String text, List<Finding> findings, String column, Supplier<String> path, RedactionReport.Builder report) {
        if (findings.size() == 1 && findings.get(0).start() == 0 && findings.get(0).end() == text.length()) {
            Finding whole = findings.get(0);
            String replacement = replacement(text, whole);
            report.record(whole.category(), rules.modeFor(whole.category()), column, path == null ? null : path.get());
            return replacement == null ? "" : replacement;
        }
        StringBuilder out = new StringBuilder(text.length() + 16 * findings.size());
        int last = 0;
        for (Finding finding : findings) {
            String replacement = replacement(text, finding);
            out.append(text, last, finding.start());
            if (replacement != null) {
                out.append(replacement);
            }
            last = finding.end();
            report.record(finding.category(), rules.modeFor(finding.category()), column, path == null ? null : path.get());
        }
        return out.append(text, last, text.length()).toString();
    }

    /** The replacement of one finding, or null when it is dropped; MASK needs no copy of the value. */
    private String replacement(String text, Finding finding) {
        RedactionMode mode = rules.modeFor(finding.category());
        if (mode == RedactionMode.MASK) {
            return Replacements.mask(finding.category());
        }
        return replacements.render(mode, finding.category().name(), text.substring(finding.start(), finding.end()));
    }

    /**
     * Generated SQL: only literals and comments are scanned, so the SQL still reads as SQL: the contents of string
     * literals ({@code '...'} and Spark's {@code "..."}), numeric literals of at least {@value #MIN_SQL_NUMBER_DIGITS}
     * digits ({@code card = 4111111111111111}) and comments; identifiers and keywords stay. A literal is scanned with
     * the identifier before it as its context ({@code ssn = 536221234}, {@code phone IN (2025550123, ...)}).
     */
    String sql(String sql, Supplier<String> path, RedactionReport.Builder report) {
        if (!rules.redactSqlLiterals() || sql.indexOf('\'') < 0 && sql.indexOf('"') < 0 && sql.indexOf("--") < 0
                && sql.indexOf("/*") < 0 && !hasLongNumber(sql)) {
            return sql;
        }
        StringBuilder out = null;
        int n = sql.length();
        int copied = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int contentStart;
            int contentEnd;
            int next;
            if (c == '\'' || c == '"') {
                contentStart = i + 1;
                int j = contentStart;
                while (j < n) {
                    char d = sql.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        j += 2;
                    } else if (d == c && j + 1 < n && sql.charAt(j + 1) == c) {
                        j += 2;
                    } else if (d == c) {
                        break;
                    } else {
                        j++;
                    }
                }
                contentEnd = Math.min(j, n);
                next = Math.min(j + 1, n);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                contentStart = i + 2;
                int eol = sql.indexOf('\n', contentStart);
                contentEnd = eol < 0 ? n : eol;
                next = contentEnd;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                contentStart = i + 2;
                int close = sql.indexOf("*/", contentStart);
                contentEnd = close < 0 ? n : close;
                next = close < 0 ? n : close + 2;
            } else if (c == '`') {
                int close = sql.indexOf('`', i + 1);
                i = close < 0 ? n : close + 1;
                continue;
            } else if (Chars.isDigit(c) && (i == 0 || !Chars.isAlnum(sql.charAt(i - 1)))) {
                int j = i;
                int digits = 0;
                while (j < n && (Chars.isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
                    digits += Chars.isDigit(sql.charAt(j)) ? 1 : 0;
                    j++;
                }
                if (digits < MIN_SQL_NUMBER_DIGITS || j < n && Chars.isAlnum(sql.charAt(j)) && !isNumberSuffix(sql, j)) {
                    i = j;
                    continue;
                }
                contentStart = i;
                contentEnd = j;
                next = j;
            } else {
                i++;
                continue;
            }
            String content = sql.substring(contentStart, contentEnd);
            String redacted = text(content, identifierBefore(sql, i), null, path, report);
            if (redacted != content) {
                if (out == null) {
                    out = new StringBuilder(n + 32);
                }
                out.append(sql, copied, contentStart).append(redacted);
                copied = contentEnd;
            }
            i = Math.max(next, i + 1);
        }
        if (out == null) {
            return sql;
        }
        return out.append(sql, copied, n).toString();
    }

    /** Whether {@code sql} holds a run of at least {@link #MIN_SQL_NUMBER_DIGITS} digits anywhere. */
    private static boolean hasLongNumber(String sql) {
        int run = 0;
        for (int i = 0; i < sql.length(); i++) {
            run = Chars.isDigit(sql.charAt(i)) ? run + 1 : 0;
            if (run >= MIN_SQL_NUMBER_DIGITS) {
                return true;
            }
        }
        return false;
    }

    /** Whether a Spark numeric literal's type suffix ({@code L}, {@code BD}, {@code D}...) starts at {@code at}. */
    private static boolean isNumberSuffix(String sql, int at) {
        int end = at;
        while (end < sql.length() && Chars.isLetter(sql.charAt(end))) {
            end++;
        }
        return end - at <= 2 && (end == sql.length() || !Chars.isAlnum(sql.charAt(end)));
    }

    /**
     * The identifier a literal starting at {@code at} is compared with, looked for in the few characters before it,
     * past operators, brackets, commas, other literals and the keywords that join them; empty when there is none.
     */
    private static String identifierBefore(String sql, int at) {
        int limit = Math.max(0, at - 120);
        int k = at - 1;
        while (k >= limit) {
            char c = sql.charAt(k);
            if (c == '`') {
                int open = sql.lastIndexOf('`', k - 1);
                return open < limit ? "" : sql.substring(open + 1, k);
            }
            if (!Chars.isAlnum(c)) {
                k--;
                continue;
            }
            int end = k + 1;
            while (k >= limit && Chars.isAlnum(sql.charAt(k))) {
                k--;
            }
            String word = sql.substring(k + 1, end);
            if (!Chars.isDigit(word.charAt(0)) && !SQL_CONNECTIVES.contains(word.toUpperCase(Locale.ROOT))) {
                return word;
            }
        }
        return "";
    }

    private static String lowerCase(String column) {
        for (int i = 0; i < column.length(); i++) {
            char c = column.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return column.toLowerCase(Locale.ROOT);
            }
        }
        return column;
    }
}
