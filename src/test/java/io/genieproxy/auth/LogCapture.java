package io.genieproxy.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event at DEBUG and above on the root logger, so a test can assert that a
 * secret appears in no line (message, arguments or stack trace) logged by anything but the
 * test's own stand-in servers.
 */
public final class LogCapture implements AutoCloseable {

    private static final List<String> TEST_INFRASTRUCTURE = List.of("no.nav.", "wiremock.", "com.github.tomakehurst.", "okhttp3.", "io.netty.");

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger project = (Logger) LoggerFactory.getLogger("io.genieproxy");
    private final Level rootLevel = root.getLevel();
    private final Level projectLevel = project.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        project.setLevel(Level.TRACE);
    }

    /** The rendered lines of the proxy's own (non-test-infrastructure) loggers. */
    public List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream()
                    .filter(e -> TEST_INFRASTRUCTURE.stream().noneMatch(p -> e.getLoggerName().startsWith(p)))
                    .map(LogCapture::render)
                    .toList();
        }
    }

    public void assertNeverLogged(String secret) {
        for (String line : lines()) {
            assertFalse(line.contains(secret), "a secret was logged: " + line.replace(secret, "<SECRET>"));
        }
    }

    private static String render(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
                b.append(' ').append(s.getSTEAsString());
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        project.setLevel(projectLevel);
        appender.stop();
    }
}
