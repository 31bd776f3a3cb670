package io.genieproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs {@link IdleMemoryReturn} in fresh JVMs with different command lines and reads the flags back. */
class IdleMemoryReturnTest {

    @Test
    void setsTheIdleReturnFlagsOnADefaultG1Jvm() throws Exception {
        assertEquals(List.of("applied=G1PeriodicGCInterval=10000,MinHeapFreeRatio=10,MaxHeapFreeRatio=30",
                "G1PeriodicGCInterval=10000", "MinHeapFreeRatio=10", "MaxHeapFreeRatio=30"), runWith("-XX:+UseG1GC"));
    }

    @Test
    void leavesTheOperatorsOwnFlagsAlone() throws Exception {
        assertEquals(List.of("applied=", "G1PeriodicGCInterval=60000", "MinHeapFreeRatio=2", "MaxHeapFreeRatio=5"),
                runWith("-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=60000", "-XX:MaxHeapFreeRatio=5", "-XX:MinHeapFreeRatio=2"));
    }

    @Test
    void aRatioThatWouldContradictTheOperatorsIsSkipped() throws Exception {
        // the operator's minimum of 35 cannot sit under a maximum of 30, so the maximum keeps its default
        assertEquals(List.of("applied=G1PeriodicGCInterval=10000", "G1PeriodicGCInterval=10000", "MinHeapFreeRatio=35",
                "MaxHeapFreeRatio=70"), runWith("-XX:+UseG1GC", "-XX:MinHeapFreeRatio=35"));
    }

    @Test
    void otherCollectorsAreLeftAsTheyAre() throws Exception {
        assertEquals(List.of("applied=", "G1PeriodicGCInterval=0", "MinHeapFreeRatio=40", "MaxHeapFreeRatio=70"),
                runWith("-XX:+UseSerialGC"));
    }

    private static List<String> runWith(String... jvmFlags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-Xshare:auto", "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }

    /** The child JVM: applies the settings and prints what it applied and the flags' values after. */
    static final class Probe {
        public static void main(String[] args) {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            System.out.println("applied=" + String.join(",", IdleMemoryReturn.apply(vm)));
            for (String name : List.of(IdleMemoryReturn.PERIODIC_GC_INTERVAL, IdleMemoryReturn.MIN_HEAP_FREE_RATIO,
                    IdleMemoryReturn.MAX_HEAP_FREE_RATIO)) {
                System.out.println(name + "=" + vm.getVMOption(name).getValue());
            }
        }
    }
}
