package io.genieproxy.redaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs the detectors of a set of categories over a text and resolves overlaps, so each character
 * belongs to at most one finding: overlapping findings become one, labelled with the longest (on a tie, the more
 * specific category).
 */
public final class PiiScanner {
    private static final Map<PiiCategory, Supplier<Detector>> DETECTORS = new EnumMap<>(Map.ofEntries(
            Map.entry(PiiCategory.EMAIL, EmailDetector::new),
            Map.entry(PiiCategory.PAYMENT_CARD, PaymentCardDetector::new),
            Map.entry(PiiCategory.US_SSN, UsSsnDetector::new),
            Map.entry(PiiCategory.PHONE, PhoneDetector::new),
            Map.entry(PiiCategory.IBAN, IbanDetector::new),
            Map.entry(PiiCategory.IP_ADDRESS, IpAddressDetector::new),
            Map.entry(PiiCategory.US_ITIN, UsItinDetector::new),
            Map.entry(PiiCategory.ABA_ROUTING, AbaRoutingDetector::new),
            Map.entry(PiiCategory.UK_NINO, UkNinoDetector::new),
            Map.entry(PiiCategory.NHS_NUMBER, NhsNumberDetector::new),
            Map.entry(PiiCategory.CA_SIN, CanadianSinDetector::new),
            Map.entry(PiiCategory.MAC_ADDRESS, MacAddressDetector::new),
            Map.entry(PiiCategory.CRYPTO_WALLET, CryptoWalletDetector::new),
            Map.entry(PiiCategory.URL, UrlDetector::new)));

    /**
     * On equal spans the more specific kind wins: a checksum-validated national id over a phone number
     * that happens to share its layout ({@code 943 476 5919} is both a valid NHS and a valid US number).
     */
    private static final List<PiiCategory> SPECIFICITY = List.of(PiiCategory.PAYMENT_CARD, PiiCategory.IBAN,
            PiiCategory.US_SSN, PiiCategory.US_ITIN, PiiCategory.NHS_NUMBER, PiiCategory.CA_SIN, PiiCategory.ABA_ROUTING,
            PiiCategory.UK_NINO, PiiCategory.CRYPTO_WALLET, PiiCategory.EMAIL, PiiCategory.URL, PiiCategory.MAC_ADDRESS,
            PiiCategory.IP_ADDRESS, PiiCategory.PHONE);

    private static final Comparator<Finding> LONGEST_FIRST = Comparator.comparingInt(Finding::length).reversed()
            .thenComparingInt((Finding f) -> SPECIFICITY.indexOf(f.category())).thenComparingInt(Finding::start);
    private static final Comparator<Finding> BY_START = Comparator.comparingInt(Finding::start);

    private final Detector[] detectors;

    public PiiScanner(Set<PiiCategory> categories) {
        this.detectors = categories.stream().sorted().map(c -> DETECTORS.get(c).get()).toArray(Detector[]::new);
    }

    /** The detector for one category, for callers that test a single kind of value. */
    public static Detector detectorFor(PiiCategory category) {
        return DETECTORS.get(category).get();
    }

    public boolean isEmpty() {
        return detectors.length == 0;
    }

    /** Findings in {@code text}, ordered by position, never overlapping; {@code contextHint} is a column name or empty. */
    public List<Finding> scan(String text, String contextHint) {
        return scan(text, contextHint, new ScanMemo());
    }

    /** Like {@link #scan(String, String)}, remembering costly validations in {@code memo}, which belongs to one body. */
    public List<Finding> scan(String text, String contextHint, ScanMemo memo) {
        return List.copyOf(findings(text, contextHint, memo));
    }

    /** Like {@link #scan(String, String, ScanMemo)}, but the list returned is the memo's, valid until its next scan. */
    List<Finding> findings(String text, String contextHint, ScanMemo memo) {
        TextProfile profile = memo.profile();
        profile.measure(text);
        return findings(text, contextHint, candidates(profile, contextHint, memo), memo);
    }

    /**
     * Which detectors may find something in the text {@code profile} measured, one bit per detector; 0 means
     * {@link #scan} finds nothing. Each detector's {@link Detector#mayMatch} is asked once per text, unless
     * {@code memo} remembers the answer for equal profile values and hint.
     */
    long candidates(TextProfile profile, String contextHint, ScanMemo memo) {
        if (profile.length() < 3
                || (profile.digits() == 0 && profile.ats() == 0 && profile.colons() == 0 && profile.dots() == 0
                        && !profile.hasBracketedAt())) {
            return 0;
        }
        return memo.candidates(this, profile, contextHint);
    }

    /** {@link #candidates} without the memo: every detector's {@link Detector#mayMatch}, one bit each. */
    long askDetectors(TextProfile profile, String contextHint) {
        long candidates = 0;
        for (int d = 0; d < detectors.length; d++) {
            if (detectors[d].mayMatch(profile, contextHint)) {
                candidates |= 1L << d;
            }
        }
        return candidates;
    }

    /** Like {@link #findings(String, String, ScanMemo)}, running only the {@code candidates} that {@link #candidates} chose. */
    List<Finding> findings(String text, String contextHint, long candidates, ScanMemo memo) {
        if (candidates == 0) {
            return List.of();
        }
        List<Finding> found = memo.findings();
        for (long left = candidates; left != 0; left &= left - 1) {
            detectors[Long.numberOfTrailingZeros(left)].detect(text, contextHint, memo, found);
        }
        if (found.size() <= 1) {
            return found;
        }
        return withoutOverlaps(found);
    }

    /**
     * Findings that overlap are merged into one spanning all of them, labelled with the category of the best of them
     * (the longest; on a tie, the more specific): no character of a detected value is left out because a longer
     * overlapping value won ({@code fe80::1 (202) 555-0123} masks the address and the number, not just the number).
     */
    private static List<Finding> withoutOverlaps(List<Finding> found) {
        found.sort(BY_START);
        List<Finding> merged = new ArrayList<>(found.size());
        Finding best = found.get(0);
        int start = best.start();
        int end = best.end();
        for (int f = 1; f < found.size(); f++) {
            Finding next = found.get(f);
            if (next.start() < end) {
                end = Math.max(end, next.end());
                if (LONGEST_FIRST.compare(next, best) < 0) {
                    best = next;
                }
                continue;
            }
            merged.add(new Finding(best.category(), start, end));
            best = next;
            start = next.start();
            end = next.end();
        }
        merged.add(new Finding(best.category(), start, end));
        return merged;
    }
}
