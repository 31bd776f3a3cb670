package io.genieproxy.simulator;

import java.util.List;

/**
 * One row of the {@link SampleDataset}. {@code notePii} lists the personal values hidden in {@code notes}
 * (they must be masked); {@code noteLookAlikes} the harmless values there that only look like PII (they must not be).
 */
public record Customer(
        long customerId,
        String name,
        String email,
        String phone,
        String cardNumber,
        String ssn,
        String iban,
        String ipAddress,
        String notes,
        String orderId,
        String amount,
        String createdAt,
        List<String> notePii,
        List<String> noteLookAlikes) {

    public Customer {
        notePii = List.copyOf(notePii);
        noteLookAlikes = List.copyOf(noteLookAlikes);
    }

    /** The row as a query result carries it: every value a string, in {@link SampleDataset#COLUMNS} order. */
    public List<String> values() {
        return List.of(Long.toString(customerId), name, email, phone, cardNumber, ssn, iban, ipAddress, notes, orderId, amount, createdAt);
    }
}
