package io.genieproxy.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * Decides the answer to a question deterministically from its text: the same question always gets the same SQL,
 * text and rows. "fail" fails, "cancel" is cancelled, "hello"/"text only" get words only, "large"/"all customers"
 * return every row; anything else returns 10 to 50 rows.
 */
final class AnswerBook {
    private static final String TABLE = "main.sales.customer_orders";
    private static final String ALL_COLUMNS = String.join(", ", SampleDataset.COLUMNS);

    private final SampleDataset dataset;

    AnswerBook(SampleDataset dataset) {
        this.dataset = dataset;
    }

    Answer answer(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        long seed = seed(q);
        if (q.contains("cancel")) {
            return new Answer(Answer.Kind.CANCELLED, null, null, null, null, List.of(), 0, 0);
        }
        if (q.contains("hello") || q.contains("text only")) {
            return new Answer(Answer.Kind.TEXT_ONLY, null, null, null,
                    "Hello! I can answer questions about customers, orders and payments in " + TABLE
                            + ". Try asking for the top customers by order amount.",
                    suggestions(seed), 0, 0);
        }
        boolean large = q.contains("large") || q.contains("all customers");
        int rowCount = large ? dataset.size() : 10 + (int) Math.floorMod(seed, 41L);
        int rowOffset = large ? 0 : (int) Math.floorMod(seed >>> 8, (long) (dataset.size() - rowCount));
        String sql = sql(seed, rowOffset, rowCount, large);
        if (q.contains("fail")) {
            return new Answer(Answer.Kind.FAILED, title(question), "Query that failed on the warehouse.", sql, null, List.of(), rowOffset, 0);
        }
        return new Answer(Answer.Kind.QUERY, title(question),
                "Customer orders matching: " + question.strip(), sql, text(rowOffset, rowCount), suggestions(seed), rowOffset, rowCount);
    }

    private static String sql(long seed, int rowOffset, int rowCount, boolean large) {
        if (large) {
            return "SELECT " + ALL_COLUMNS + "\nFROM " + TABLE + "\nORDER BY customer_id";
        }
        return switch ((int) Math.floorMod(seed >>> 16, 3L)) {
            case 0 -> "SELECT " + ALL_COLUMNS + "\nFROM " + TABLE + "\nWHERE customer_id BETWEEN " + (100_001 + rowOffset)
                    + " AND " + (100_000 + rowOffset + rowCount) + "\nORDER BY customer_id";
            case 1 -> "SELECT " + ALL_COLUMNS + "\nFROM " + TABLE + "\nORDER BY customer_id\nLIMIT " + rowCount + " OFFSET " + rowOffset;
            default -> "WITH ranked AS (\n  SELECT *, ROW_NUMBER() OVER (ORDER BY customer_id) AS rn FROM " + TABLE + "\n)\nSELECT "
                    + ALL_COLUMNS + "\nFROM ranked\nWHERE rn > " + rowOffset + " AND rn <= " + (rowOffset + rowCount);
        };
    }

    private String text(int rowOffset, int rowCount) {
        Customer first = dataset.customers().get(rowOffset);
        Customer second = dataset.customers().get(rowOffset + 1);
        return "I found " + rowCount + " matching customers. The first is " + first.name() + " (" + first.email()
                + ", phone " + first.phone() + ") with order " + first.orderId() + " of " + first.amount()
                + ". You can also reach " + second.name() + " at " + second.email() + " or " + second.phone() + ".";
    }

    private static String title(String question) {
        String t = question.strip();
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }

    private static List<String> suggestions(long seed) {
        List<String> all = List.of("Which customers spent the most last quarter?", "Show orders above 1,000 by month",
                "How many customers have a German IBAN?", "List customers who logged in from IPv6 addresses",
                "What is the average order amount per customer?");
        int start = (int) Math.floorMod(seed, (long) all.size());
        return List.of(all.get(start), all.get((start + 1) % all.size()), all.get((start + 2) % all.size()));
    }

    private static long seed(String normalised) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(normalised.strip().getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (hash[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
