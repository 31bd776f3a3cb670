package io.genieproxy.simulator;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The deterministic customer table every simulated answer is drawn from: valid card numbers, SSNs, IBANs,
 * phone numbers and IP addresses, plus free-text notes mixing PII with look-alikes. Same rows on every run.
 */
public final class SampleDataset {
    /** Column names in result order. */
    public static final List<String> COLUMNS = List.of("customer_id", "name", "email", "phone", "card_number", "ssn",
            "iban", "ip_address", "notes", "order_id", "amount", "created_at");
    /** Columns whose every value is personal data. */
    public static final List<String> PII_COLUMNS = List.of("name", "email", "phone", "card_number", "ssn", "iban", "ip_address");
    /** Number of rows in {@link #standard()}. */
    public static final int STANDARD_SIZE = 5000;

    private static final long SEED = 20_240_501L;
    private static final SampleDataset STANDARD = generate(SEED, STANDARD_SIZE);

    private final List<Customer> customers;

    private SampleDataset(List<Customer> customers) {
        this.customers = Collections.unmodifiableList(customers);
    }

    /** The 5,000-row dataset the simulator serves. */
    public static SampleDataset standard() {
        return STANDARD;
    }

    /** A dataset of {@code size} rows drawn from {@code seed}. */
    public static SampleDataset generate(long seed, int size) {
        SampleValues values = new SampleValues(seed);
        List<Customer> rows = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            rows.add(customer(values, 100_001L + i));
        }
        return new SampleDataset(rows);
    }

    private static Customer customer(SampleValues v, long id) {
        String name = v.fullName();
        String email = v.email(name);
        List<String> pii = new ArrayList<>();
        List<String> lookAlikes = new ArrayList<>();
        String notes = notes(v, pii, lookAlikes);
        return new Customer(id, name, email, v.phone(), v.cardNumber(), v.ssn(), v.iban(), v.ipAddress(), notes,
                v.orderId(), v.amount(), v.instant().truncatedTo(ChronoUnit.SECONDS) + "", pii, lookAlikes);
    }

    private static String notes(SampleValues v, List<String> pii, List<String> lookAlikes) {
        List<String> parts = new ArrayList<>();
        int fragments = 2 + v.nextInt(3);
        for (int i = 0; i < fragments; i++) {
            parts.add(v.nextInt(2) == 0 ? piiFragment(v, pii) : lookAlikeFragment(v, lookAlikes));
        }
        return String.join(" ", parts);
    }

    private static String piiFragment(SampleValues v, List<String> pii) {
        String value;
        String text;
        switch (v.nextInt(6)) {
            case 0 -> text = "Prefers email at " + (value = v.email(v.fullName())) + ".";
            case 1 -> text = "Call back on " + (value = v.phone()) + ".";
            case 2 -> text = "Updated card to " + (value = v.cardNumber()) + ".";
            case 3 -> text = "SSN on file " + (value = v.ssn()) + ".";
            case 4 -> text = "Refund to IBAN " + (value = v.iban()) + ".";
            default -> text = "Last login from " + (value = v.ipAddress()) + ".";
        }
        pii.add(value);
        return text;
    }

    private static String lookAlikeFragment(SampleValues v, List<String> lookAlikes) {
        String value;
        String text;
        switch (v.nextInt(7)) {
            case 0 -> text = "Ticket opened " + (value = v.isoTimestamp()) + ".";
            case 1 -> text = "Delivery promised for " + (value = v.slashDate()) + ".";
            case 2 -> text = "Follow-up on " + (value = v.orderId()) + ".";
            case 3 -> text = "Disputed " + (value = v.formattedAmount()) + " EUR.";
            case 4 -> text = "Case " + (value = v.uuid()) + ".";
            case 5 -> text = "App " + (value = v.version()) + " crashed at checkout.";
            default -> text = "Tracking number " + (value = v.luhnInvalidNumber()) + ".";
        }
        lookAlikes.add(value);
        return text;
    }

    public List<Customer> customers() {
        return customers;
    }

    public int size() {
        return customers.size();
    }

    public List<String> columnNames() {
        return COLUMNS;
    }

    /** Every row as strings, in {@link #COLUMNS} order. */
    public List<List<String>> rows() {
        return customers.stream().map(Customer::values).toList();
    }

    /** The SQL type of a column, as {@code type_name} in a result manifest. */
    public static String typeName(String column) {
        return switch (column) {
            case "customer_id" -> "LONG";
            case "amount" -> "DECIMAL";
            case "created_at" -> "TIMESTAMP";
            default -> "STRING";
        };
    }

    /** The SQL type text of a column, as {@code type_text} in a result manifest. */
    public static String typeText(String column) {
        return switch (column) {
            case "customer_id" -> "BIGINT";
            case "amount" -> "DECIMAL(12,2)";
            case "created_at" -> "TIMESTAMP";
            default -> "STRING";
        };
    }
}
