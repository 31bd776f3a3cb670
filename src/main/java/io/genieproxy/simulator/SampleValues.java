package io.genieproxy.simulator;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/** Draws realistic, valid personal data and harmless look-alikes from a seeded {@link Random}; same seed, same values. */
final class SampleValues {
    private static final List<String> FIRST = List.of("Alice", "Bruno", "Chloé", "David", "Emma", "Farid", "Greta", "Hiro",
            "Ingrid", "Jamal", "Katarzyna", "Liam", "María", "Noah", "Olivia", "Pedro", "Quentin", "Rosa", "Sven", "Tanya",
            "Umar", "Valentina", "Wei", "Xavier", "Yasmin", "Zoë", "Jürgen", "Siobhan", "Mateo", "Priya");
    private static final List<String> LAST = List.of("Anderson", "Becker", "Castillo", "Dubois", "Eriksen", "Fischer",
            "García", "Hughes", "Ibrahim", "Jansen", "Kowalski", "Lefèvre", "Müller", "Nakamura", "O'Brien", "Petrov",
            "Quinn", "Rossi", "Schmidt", "Thompson", "Urbano", "Van Dijk", "Walsh", "Xu", "Yilmaz", "Zimmermann");
    private static final List<String> DOMAINS = List.of("example.com", "example.org", "mail.example.net", "acme-corp.example", "contoso.example");
    private static final List<String> US_AREAS = List.of("212", "646", "312", "617", "202", "303", "206", "713", "415", "305");
    private static final List<String> GB_BANKS = List.of("NWBK", "BARC", "HBUK", "LOYD", "MIDL");
    private static final Instant EPOCH = Instant.parse("2023-01-01T00:00:00Z");
    private static final DateTimeFormatter SLASH_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT);

    private final Random random;

    SampleValues(long seed) {
        this.random = new Random(seed);
    }

    String fullName() {
        return pick(FIRST) + " " + pick(LAST);
    }

    String email(String fullName) {
        String ascii = Normalizer.normalize(fullName, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "");
        String[] parts = ascii.trim().split(" +");
        String local = switch (random.nextInt(3)) {
            case 0 -> parts[0] + "." + parts[parts.length - 1];
            case 1 -> parts[0].charAt(0) + parts[parts.length - 1] + (10 + random.nextInt(90));
            default -> parts[0] + "_" + parts[parts.length - 1];
        };
        return local + "@" + pick(DOMAINS);
    }

    /** A number libphonenumber considers valid, in international format, sometimes with an extension. */
    String phone() {
        return switch (random.nextInt(7)) {
            case 0, 1 -> usPhone();
            case 2 -> "+44 20 " + (7 + random.nextInt(2)) + digits(3) + " " + digits(4);
            case 3 -> "+49 30 " + (2 + random.nextInt(8)) + digits(5);
            case 4 -> "+49 151 " + digits(4) + " " + digits(4);
            case 5 -> "0033 1 " + (40 + random.nextInt(50)) + " " + digits(2) + " " + digits(2) + " " + digits(2);
            default -> "+33 6 " + (10 + nextInt(29)) + " " + digits(2) + " " + digits(2) + " " + digits(2);
        };
    }

    private String usPhone() {
        String area = pick(US_AREAS);
        int exchange;
        do {
            exchange = 200 + random.nextInt(800);
        } while (exchange % 100 == 11 || exchange == 555 || exchange == 950 || exchange == 958 || exchange == 959);
        String line = digits(4);
        String number = random.nextBoolean()
                ? "+1 " + area + "-" + exchange + "-" + line
                : "+1 (" + area + ") " + exchange + "-" + line;
        return random.nextInt(4) == 0 ? number + " ext. " + (100 + random.nextInt(900)) : number;
    }

    /** A Luhn-valid Visa, Mastercard or Amex number in one of the common layouts. */
    String cardNumber() {
        int kind = random.nextInt(4);
        String payload;
        if (kind == 0) {
            payload = (random.nextBoolean() ? "34" : "37") + digits(12);
        } else if (kind == 1) {
            int prefix = random.nextBoolean() ? 51 + random.nextInt(5) : 2221 + random.nextInt(500);
            payload = prefix + digits(15 - String.valueOf(prefix).length());
        } else {
            payload = "4" + digits(14);
        }
        String number = payload + CheckDigits.luhnCheckDigit(payload);
        return layout(number);
    }

    /** A 16-digit Visa-looking number whose Luhn check digit is deliberately wrong. */
    String luhnInvalidNumber() {
        String payload = "4" + digits(14);
        int wrong = (CheckDigits.luhnCheckDigit(payload) + 1 + random.nextInt(9)) % 10;
        return payload + wrong;
    }

    private String layout(String number) {
        if (number.length() == 15) {
            String spaced = number.substring(0, 4) + " " + number.substring(4, 10) + " " + number.substring(10);
            return random.nextBoolean() ? spaced : number;
        }
        String sep = switch (random.nextInt(3)) {
            case 0 -> " ";
            case 1 -> "-";
            default -> "";
        };
        return number.substring(0, 4) + sep + number.substring(4, 8) + sep + number.substring(8, 12) + sep + number.substring(12);
    }

    String ssn() {
        String ssn;
        do {
            int area = 1 + random.nextInt(899);
            ssn = String.format(Locale.ROOT, "%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
        } while (!CheckDigits.isSsnValid(ssn));
        return ssn;
    }

    /** An IBAN with correct mod-97 check digits (and correct national check digits) for DE, GB, FR, NL or ES. */
    String iban() {
        String country;
        String bban;
        switch (random.nextInt(5)) {
            case 0 -> {
                country = "DE";
                bban = digits(8) + digits(10);
            }
            case 1 -> {
                country = "GB";
                bban = pick(GB_BANKS) + digits(6) + digits(8);
            }
            case 2 -> {
                country = "FR";
                bban = frenchBban();
            }
            case 3 -> {
                country = "NL";
                bban = "ABNA" + dutchAccount();
            }
            default -> {
                country = "ES";
                bban = spanishBban();
            }
        }
        String iban = country + CheckDigits.ibanCheckDigits(country, bban) + bban;
        return random.nextBoolean() ? iban : iban.replaceAll("(.{4})(?!$)", "$1 ");
    }

    private String frenchBban() {
        String bank = digits(5);
        String branch = digits(5);
        String account = digits(11);
        long sum = 89 * Long.parseLong(bank) + 15 * Long.parseLong(branch) + 3 * Long.parseLong(account);
        int key = (int) (97 - sum % 97);
        return bank + branch + account + String.format(Locale.ROOT, "%02d", key);
    }

    private String dutchAccount() {
        while (true) {
            String first = digits(9);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (first.charAt(i) - '0') * (10 - i);
            }
            int last = Math.floorMod(-sum, 11);
            if (last < 10) {
                return first + last;
            }
        }
    }

    private String spanishBban() {
        String bank = digits(4);
        String branch = digits(4);
        String account = digits(10);
        return bank + branch + spanishControl("00" + bank + branch) + spanishControl(account) + account;
    }

    private static int spanishControl(String tenDigits) {
        int[] weights = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (tenDigits.charAt(i) - '0') * weights[i];
        }
        int control = 11 - sum % 11;
        return control == 11 ? 0 : control == 10 ? 1 : control;
    }

    String ipAddress() {
        return switch (random.nextInt(5)) {
            case 0 -> "::ffff:" + ipv4();
            case 1 -> "64:ff9b::" + ipv4();
            case 2 -> ipv6();
            default -> ipv4();
        };
    }

    private String ipv4() {
        int first;
        do {
            first = 1 + random.nextInt(223);
        } while (first == 10 || first == 127);
        return first + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private String ipv6() {
        int[] groups = new int[8];
        groups[0] = 0x2001 + random.nextInt(0x0dff);
        for (int i = 1; i < 8; i++) {
            groups[i] = random.nextInt(0x10000);
        }
        int zeroStart = 2 + random.nextInt(3);
        int zeroLength = random.nextInt(4);
        for (int i = zeroStart; i < Math.min(8, zeroStart + zeroLength); i++) {
            groups[i] = 0;
        }
        return compressIpv6(groups);
    }

    private static String compressIpv6(int[] groups) {
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestLength >= 2 && i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    String orderId() {
        return "ORD-" + (2023 + random.nextInt(3)) + "-" + digits(6);
    }

    String amount() {
        return (1 + random.nextInt(4999)) + "." + digits(2);
    }

    /** An amount with a thousands separator, as people write it in free text. */
    String formattedAmount() {
        return String.format(Locale.US, "%,d.%02d", 1000 + random.nextInt(98000), random.nextInt(100));
    }

    Instant instant() {
        return EPOCH.plusSeconds(random.nextInt(2 * 365 * 24 * 3600));
    }

    String isoTimestamp() {
        return instant().toString();
    }

    String slashDate() {
        return SLASH_DATE.format(LocalDate.ofInstant(instant(), ZoneOffset.UTC));
    }

    String uuid() {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    String version() {
        return "v" + (1 + random.nextInt(5)) + "." + random.nextInt(20) + "." + random.nextInt(10);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    String digits(int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }
}
