package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CharsTest {

    @Test
    void lettersAndWordCharactersAreAsciiOnly() {
        for (int i = 0; i <= Character.MAX_VALUE; i++) {
            char c = (char) i;
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            assertEquals(letter, Chars.isLetter(c), "isLetter " + i);
            assertEquals(letter || (c >= '0' && c <= '9') || c == '_', Chars.isAlnum(c), "isAlnum " + i);
        }
    }
}
