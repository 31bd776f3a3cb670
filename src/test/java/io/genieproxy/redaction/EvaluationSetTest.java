package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Precision and recall of every detector over the labelled cases in {@code redaction/eval/*.tsv}. */
class EvaluationSetTest {
    private static final List<String> FILES = List.of("email.tsv", "payment_card.tsv", "us_ssn.tsv", "phone.tsv",
            "iban.tsv", "ip_address.tsv", "optional.tsv");
    private static final double CORE_FLOOR = 0.95;
    private static final double OPTIONAL_FLOOR = 0.9;

    record Case(String file, int line, PiiCategory category, List<String> expected, String text) {
    }

    static final class Score {
        int cases;
        int truePositives;
        int falsePositives;
        int falseNegatives;
        final List<String> misses = new ArrayList<>();

        double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
        }
    }

    private static final Map<PiiCategory, Score> SCORES = new EnumMap<>(PiiCategory.class);

    @BeforeAll
    static void evaluate() throws IOException {
        Map<PiiCategory, PiiScanner> scanners = new HashMap<>();
        for (Case c : cases()) {
            PiiScanner scanner = scanners.computeIfAbsent(c.category(), category -> {
                EnumSet<PiiCategory> enabled = EnumSet.noneOf(PiiCategory.class);
                for (PiiCategory each : PiiCategory.values()) {
                    if (each.isCore() || each == category) {
                        enabled.add(each);
                    }
                }
                return new PiiScanner(enabled);
            });
            Score score = SCORES.computeIfAbsent(c.category(), k -> new Score());
            score.cases++;
            List<String> found = new ArrayList<>();
            for (Finding finding : scanner.scan(c.text(), "")) {
                if (finding.category() == c.category()) {
                    found.add(c.text().substring(finding.start(), finding.end()));
                }
            }
            List<String> expected = new ArrayList<>(c.expected());
            for (String value : found) {
                if (expected.remove(value)) {
                    score.truePositives++;
                } else {
                    score.falsePositives++;
                    score.misses.add("FP " + c.file() + ":" + c.line() + " found [" + value + "] in: " + c.text());
                }
            }
            for (String value : expected) {
                score.falseNegatives++;
                score.misses.add("FN " + c.file() + ":" + c.line() + " missed [" + value + "] in: " + c.text());
            }
        }
        System.out.println(table());
    }

    static String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-14s %6s %5s %5s %5s %9s %7s%n", "category", "cases", "TP", "FP", "FN", "precision", "recall"));
        SCORES.forEach((category, s) -> out.append(String.format("%-14s %6d %5d %5d %5d %9.3f %7.3f%n", category, s.cases,
                s.truePositives, s.falsePositives, s.falseNegatives, s.precision(), s.recall())));
        SCORES.values().forEach(s -> s.misses.forEach(m -> out.append("  ").append(m).append('\n')));
        return out.toString();
    }

    private static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = EvaluationSetTest.class.getResourceAsStream("/redaction/eval/" + file)) {
                if (in == null) {
                    throw new IOException("missing evaluation file " + file);
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                int number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] fields = line.split("\t", 3);
                    assertEquals(3, fields.length, file + ":" + number + " needs category, expected and text");
                    List<String> expected = fields[1].equals("-") ? List.of() : Arrays.asList(fields[1].split("\\|"));
                    for (String value : expected) {
                        assertTrue(fields[2].contains(value), file + ":" + number + " expects a value its text lacks");
                    }
                    cases.add(new Case(file, number, PiiCategory.valueOf(fields[0]), expected, fields[2]));
                }
            }
        }
        return cases;
    }

    @Test
    void coreCategoriesEachHaveAtLeastFortyLabelledCases() {
        for (PiiCategory category : PiiCategory.values()) {
            if (category.isCore()) {
                assertTrue(SCORES.get(category).cases >= 40, category + " has only " + SCORES.get(category).cases + " cases");
            }
        }
    }

    @Test
    void everyCategoryHasLabelledCases() {
        assertEquals(Set.of(PiiCategory.values()), SCORES.keySet());
    }

    @Test
    void coreCategoriesReachPrecisionAndRecallFloors() {
        for (Map.Entry<PiiCategory, Score> entry : SCORES.entrySet()) {
            double floor = entry.getKey().isCore() ? CORE_FLOOR : OPTIONAL_FLOOR;
            Score score = entry.getValue();
            assertTrue(score.precision() >= floor, entry.getKey() + " precision " + score.precision() + "\n" + table());
            assertTrue(score.recall() >= floor, entry.getKey() + " recall " + score.recall() + "\n" + table());
        }
    }
}
