package dev.presence.core.codec;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record schemas of every release ({@code schemas/src/baseline/<version>/}, in the schemas jar
 * under {@code dev/presence/schema/released/}). Records written by a release carry its schema's
 * fingerprint, in topics, changelogs and state stores alike; once a schema has changed, only these
 * files tell the codec how to read them.
 */
public final class ReleasedSchemas {

    /** Every release, oldest first; each one's directory lists its records in {@code FINGERPRINTS}. */
    public static final List<String> RELEASES = List.of("0.1.0");

    private static final String ROOT = "/dev/presence/schema/released/";
    private static final Map<String, Map<String, Schema>> BY_RELEASE = load();

    private ReleasedSchemas() {
    }

    /** Every schema a release wrote for the record {@code fullName}, oldest release first. */
    public static List<Schema> of(String fullName) {
        List<Schema> schemas = new ArrayList<>();
        for (Map<String, Schema> release : BY_RELEASE.values()) {
            Schema schema = release.get(fullName);
            if (schema != null) {
                schemas.add(schema);
            }
        }
        return schemas;
    }

    /** The record schemas of one release by full name. */
    public static Map<String, Schema> release(String version) {
        Map<String, Schema> release = BY_RELEASE.get(version);
        if (release == null) {
            throw new IllegalArgumentException("no release " + version);
        }
        return release;
    }

    /** The fingerprints a release recorded for its records by simple name (to check its files were never edited). */
    public static Map<String, Long> recordedFingerprints(String version) {
        Map<String, Long> fingerprints = new LinkedHashMap<>();
        for (String line : text(version + "/FINGERPRINTS").split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            fingerprints.put(parts[0], Long.parseLong(parts[1]));
        }
        return fingerprints;
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static Map<String, Map<String, Schema>> load() {
        Map<String, Map<String, Schema>> releases = new LinkedHashMap<>();
        for (String version : RELEASES) {
            Map<String, Schema> schemas = new LinkedHashMap<>();
            for (String name : recordedFingerprints(version).keySet()) {
                // A parser per file: each file is self-contained, and names repeat across files.
                Schema schema = new Schema.Parser().parse(text(version + "/" + name + ".avsc"));
                schemas.put(schema.getFullName(), schema);
            }
            releases.put(version, Map.copyOf(schemas));
        }
        return releases;
    }

    private static String text(String path) {
        try (InputStream in = ReleasedSchemas.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("the schemas jar holds no " + ROOT + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
