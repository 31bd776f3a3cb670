package io.genieproxy.redaction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a policy file into plain maps and lists: JSON with jackson-core, YAML with SnakeYAML.
 *
 * <p>SnakeYAML is a runtime-only dependency of the build, so it is reached reflectively
 * ({@code new Yaml().load(reader)}; SnakeYAML 2 refuses global tags by default, so no arbitrary
 * types are built). Once it is on the compile classpath this becomes a direct call.
 */
final class PolicyFileReader {
    private PolicyFileReader() {
    }

    static Map<?, ?> read(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try {
            if (name.endsWith(".json")) {
                return readJson(file);
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return readYaml(file);
            }
        } catch (IOException e) {
            throw new InvalidRedactionPolicyException("cannot read " + file + ": " + e.getMessage(), e);
        }
        throw new InvalidRedactionPolicyException(file + ": expected a .yaml, .yml or .json file");
    }

    private static Map<?, ?> readYaml(Path file) throws IOException {
        Object tree;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Class<?> yamlClass = Class.forName("org.yaml.snakeyaml.Yaml");
            Object yaml = yamlClass.getConstructor().newInstance();
            tree = yamlClass.getMethod("load", Reader.class).invoke(yaml, reader);
        } catch (ClassNotFoundException e) {
            throw new InvalidRedactionPolicyException(file + ": SnakeYAML is not on the classpath; use a .json policy", e);
        } catch (InvocationTargetException e) {
            throw new InvalidRedactionPolicyException(file + ": not valid YAML (" + e.getCause().getMessage() + ")", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new InvalidRedactionPolicyException(file + ": cannot load SnakeYAML", e);
        }
        if (tree == null) {
            return Map.of();
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new InvalidRedactionPolicyException(file + ": the top level must be a mapping");
        }
        return map;
    }

    private static Map<?, ?> readJson(Path file) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidRedactionPolicyException(file + ": the top level must be an object");
            }
            return (Map<?, ?>) value(parser, first);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRedactionPolicyException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ")", e);
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, value(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(parser, next));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                return parser.getNumberValue();
            }
        }
    }
}
