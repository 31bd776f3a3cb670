package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "0.0.0.0", "255.255.255.255", "1.2.3.4", "2001:db8:85a3:0:0:8a2e:370:7334",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8::1", "::1", "fe80::1%eth0", "::ffff:192.0.2.1",
            "64:ff9b::198.51.100.7", "2001:db8::", "2001:db8:3333:4444:5555:6666:1.2.3.4", "FF02::1"})
    void masksEveryTextualFormOfIpv4AndIpv6(String ip) {
        assertEquals(List.of(ip), DetectedValues.of(PiiCategory.IP_ADDRESS, "peer " + ip + " closed"));
    }

    @Test
    void masksAddressesWithPortsPrefixesAndBrackets() {
        assertEquals(List.of("203.0.113.9"), DetectedValues.of(PiiCategory.IP_ADDRESS, "203.0.113.9:443"));
        assertEquals(List.of("10.1.0.0"), DetectedValues.of(PiiCategory.IP_ADDRESS, "10.1.0.0/16"));
        assertEquals(List.of("2001:db8::1"), DetectedValues.of(PiiCategory.IP_ADDRESS, "[2001:db8::1]:8443"));
    }

    @Test
    void masksAnIpv6AddressRightAfterAWordAndAColon() {
        assertEquals(List.of("fe80::1ff:fe23:4567:890a"), DetectedValues.of(PiiCategory.IP_ADDRESS, "addr:fe80::1ff:fe23:4567:890a"));
        assertEquals(List.of("2001:db8::8a2e:370:7334"), DetectedValues.of(PiiCategory.IP_ADDRESS, "client_ip:2001:db8::8a2e:370:7334"));
        assertEquals(List.of("fe80::2%eth0"), DetectedValues.of(PiiCategory.IP_ADDRESS, "dst:fe80::2%eth0"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.IP_ADDRESS, "std::vector Foo::Bar key:cafe note:12:30"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.2.3.4", "version 1.2.3.4", "build 10.0.19045.3803", "256.1.1.1", "1.2.3.4.5", "192.168.1",
            "10:15:30", "2024-03-01T10:15:30Z", "00:1A:2B:3C:4D:5E", "std::vector", "2001:db8::1::2",
            "1:2:3:4:5:6:7:8:9", "12345::1", "::", "Foo::Bar"})
    void ignoresVersionsTimesMacsAndMalformedAddresses(String text) {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.IP_ADDRESS, text));
    }

    @Test
    void alwaysFindsRandomIpv4AndCompressedIpv6() {
        Random random = new Random(9);
        for (int i = 0; i < 2000; i++) {
            String v4 = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            assertEquals(List.of(v4), DetectedValues.of(PiiCategory.IP_ADDRESS, "from " + v4), v4);
            String v6 = "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::" + Integer.toHexString(1 + random.nextInt(0xffff));
            assertEquals(List.of(v6), DetectedValues.of(PiiCategory.IP_ADDRESS, "from " + v6), v6);
        }
    }
}
