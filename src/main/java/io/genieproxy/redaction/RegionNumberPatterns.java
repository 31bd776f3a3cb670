package io.genieproxy.redaction;

import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The number patterns of one region from libphonenumber's metadata, compiled once and tested the way
 * {@code isValidNumberForRegion} tests them (general description, then any number type), without its
 * per-call metadata lookups, regex-cache lookups and string building.
 */
final class RegionNumberPatterns {
    /** One number description: allowed national lengths (bit per length, all bits when unrestricted) and pattern. */
    private record Description(int lengths, Pattern pattern) {
        static Description of(PhoneNumberDesc desc) {
            List<Integer> possible = desc.getPossibleLengthList();
            int lengths = possible.isEmpty() ? -1 : 0;
            for (int length : possible) {
                if (length > 0 && length < 32) {
                    lengths |= 1 << length;
                }
            }
            String pattern = desc.getNationalNumberPattern();
            return new Description(lengths, pattern.isEmpty() ? null : Pattern.compile(pattern));
        }

        boolean matches(String nationalNumber, ScanMemo memo) {
            int length = nationalNumber.length();
            return pattern != null && length < 32 && (lengths & (1 << length)) != 0
                    && memo.matcher(pattern).reset(nationalNumber).matches();
        }
    }

    /** Patterns that accept nothing, for calling codes without a geographic main region. */
    static final RegionNumberPatterns NONE = new RegionNumberPatterns();

    private final Description general;
    private final Description[] types;

    private RegionNumberPatterns() {
        this.general = null;
        this.types = new Description[0];
    }

    private RegionNumberPatterns(PhoneMetadata metadata) {
        this.general = Description.of(metadata.getGeneralDesc());
        // Any type matching makes the number valid, so the common ones go first.
        this.types = new Description[] {Description.of(metadata.getFixedLine()), Description.of(metadata.getMobile()),
            Description.of(metadata.getTollFree()), Description.of(metadata.getPremiumRate()),
            Description.of(metadata.getSharedCost()), Description.of(metadata.getVoip()),
            Description.of(metadata.getPersonalNumber()), Description.of(metadata.getPager()), Description.of(metadata.getUan()),
            Description.of(metadata.getVoicemail())};
    }

    /** The patterns of a geographic region, or {@link #NONE} when libphonenumber has no metadata for it. */
    static RegionNumberPatterns of(String region) {
        PhoneMetadata metadata;
        try {
            metadata = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource().getMetadataForRegion(region);
        } catch (IllegalArgumentException e) {
            return NONE;
        }
        return metadata == null ? NONE : new RegionNumberPatterns(metadata);
    }

    /**
     * Whether the national significant number (leading zeros included) is a valid number of this region:
     * the same answer as {@code isValidNumberForRegion} for a number with this region's calling code. The
     * patterns' matchers are reused from {@code memo}.
     */
    boolean isValid(String nationalNumber, ScanMemo memo) {
        if (general == null || !general.matches(nationalNumber, memo)) {
            return false;
        }
        for (Description type : types) {
            if (type.matches(nationalNumber, memo)) {
                return true;
            }
        }
        return false;
    }
}
