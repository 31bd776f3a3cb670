package io.genieproxy.redaction;

/** The kinds of personal data the engine can find; core kinds are on unless a policy turns them off. */
public enum PiiCategory {
    EMAIL(true),
    PAYMENT_CARD(true),
    US_SSN(true),
    PHONE(true),
    IBAN(true),
    IP_ADDRESS(true),
    US_ITIN(false),
    ABA_ROUTING(false),
    UK_NINO(false),
    NHS_NUMBER(false),
    CA_SIN(false),
    MAC_ADDRESS(false),
    CRYPTO_WALLET(false),
    URL(false);

    private final boolean core;

    PiiCategory(boolean core) {
        this.core = core;
    }

    /** Whether the category is scanned for when no policy says otherwise. */
    public boolean isCore() {
        return core;
    }
}
