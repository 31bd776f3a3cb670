package io.genieproxy.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Locates the operations artifacts in the checkout and reads them as plain maps. */
final class OpsFiles {
    private OpsFiles() {
    }

    /** The repository root: the nearest directory upwards from the working directory holding pom.xml. */
    static Path repoRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("grafana"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml + grafana/) above " + dir);
    }

    static Path dashboardsDir() {
        return repoRoot().resolve("grafana/dashboards");
    }

    /** Parses YAML with the safe constructor (no arbitrary types). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        try {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            Object doc = yaml.load(Files.readString(file));
            if (!(doc instanceof Map)) {
                throw new IllegalStateException(file + " is not a YAML mapping");
            }
            return (Map<String, Object>) doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new AssertionError(what + " is not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }
}
