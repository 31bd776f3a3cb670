package io.genieproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShutdownDrainTest {

    @Test
    void givesUpAQuarterOfTheGracePeriodBeforeItsEndAndAtMostTwoSeconds() {
        assertEquals(Duration.ofSeconds(23), ShutdownDrain.giveUpAfter(Duration.ofSeconds(25)));
        assertEquals(Duration.ofMillis(1500), ShutdownDrain.giveUpAfter(Duration.ofSeconds(2)));
        assertEquals(Duration.ofSeconds(6), ShutdownDrain.giveUpAfter(Duration.ofSeconds(8)));
        assertEquals(Duration.ZERO, ShutdownDrain.giveUpAfter(Duration.ZERO));
    }
}
