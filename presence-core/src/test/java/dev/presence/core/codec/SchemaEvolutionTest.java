package dev.presence.core.codec;

import dev.presence.testkit.UnitTest;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's check that schemas evolve without breaking what was written before: every record of
 * every release ({@link ReleasedSchemas}) still exists today, today's schema reads what the release
 * wrote (backward), and the release reads what today writes (forward), where it can: a release
 * whose enums had no default cannot read a symbol added since, which is why enums have one now.
 * Records written with a release's schema decode into today's classes.
 */
@UnitTest
class SchemaEvolutionTest {

    private static final String SCHEMA_PACKAGE = "dev.presence.schema.";

    @Test
    void todaysSchemasReadEveryReleaseAndEveryReleaseReadsTodaysAsFarAsItCan() {
        List<String> problems = new ArrayList<>();
        for (String release : ReleasedSchemas.RELEASES) {
            ReleasedSchemas.release(release).forEach((name, released) ->
                    problems.addAll(evolutionProblems(release, released, current(name))));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReleaseDirectoryIsListedAndNoReleasedFileWasEdited() throws IOException {
        Path baseline = Path.of("..", "schemas", "src", "baseline");
        try (Stream<Path> directories = Files.list(baseline)) {
            assertThat(directories.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(ReleasedSchemas.RELEASES);
        }
        for (String release : ReleasedSchemas.RELEASES) {
            Map<String, Schema> schemas = ReleasedSchemas.release(release);
            Map<String, Long> recorded = ReleasedSchemas.recordedFingerprints(release);
            assertThat(schemas).hasSameSizeAs(recorded);
            recorded.forEach((name, fingerprint) -> assertThat(ReleasedSchemas.fingerprint(schemas.get(SCHEMA_PACKAGE + name)))
                    .as(release + " " + name).isEqualTo(fingerprint));
        }
    }

    @Test
    void recordsWrittenWithAReleasedSchemaDecodeIntoTodaysClasses() throws IOException {
        for (String release : ReleasedSchemas.RELEASES) {
            for (Schema released : ReleasedSchemas.release(release).values()) {
                Class<? extends SpecificRecord> type = currentClass(released.getFullName());
                BinaryMessageEncoder<Object> oldWriter = new BinaryMessageEncoder<>(GenericData.get(), released);
                for (Object written : new RandomData(GenericData.get(), released, 20, 42L, false)) {
                    byte[] bytes = oldWriter.encode(written).array();

                    SpecificRecord decoded = AvroCodec.decodeUntrusted(bytes, type);

                    GenericRecord old = (GenericRecord) written;
                    for (Schema.Field field : released.getFields()) {
                        Object now = decoded.get(decoded.getSchema().getField(field.name()).pos());
                        assertThat(String.valueOf(now)).as(release + " " + released.getName() + "." + field.name())
                                .isEqualTo(String.valueOf(old.get(field.name())));
                    }
                }
            }
        }
    }

    @Test
    void aRecordCarryingAReleasedFingerprintIsBoundsCheckedAgainstThatSchemaBeforeDecoding() {
        Schema released = ReleasedSchemas.release("0.1.0").get(SCHEMA_PACKAGE + "PresenceEvent");
        assertThat(ReleasedSchemas.fingerprint(released)).as("the schema changed since 0.1.0")
                .isNotEqualTo(ReleasedSchemas.fingerprint(current(SCHEMA_PACKAGE + "PresenceEvent")));
        byte[] bomb = new byte[10 + 7];
        bomb[0] = AvroCodec.MAGIC_0;
        bomb[1] = AvroCodec.MAGIC_1;
        long fingerprint = ReleasedSchemas.fingerprint(released);
        for (int i = 0; i < 8; i++) {
            bomb[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        // type LOGIN (0), then a userId claiming 2^31 bytes (zig-zag varint) that are not there.
        byte[] body = {0x00, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x00};
        System.arraycopy(body, 0, bomb, 10, body.length);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AvroCodec.decodeUntrusted(bomb,
                        dev.presence.schema.PresenceEvent.class))
                .isInstanceOf(IOException.class).hasMessageContaining("announces");
    }

    @Test
    void theCheckRefusesWhatWouldBreakReaders() {
        Schema released = ReleasedSchemas.release("0.1.0").get(SCHEMA_PACKAGE + "PresenceEvent");
        Schema current = current(SCHEMA_PACKAGE + "PresenceEvent");

        Schema fieldRemoved = edit(current, json -> json.replaceFirst(
                "\\{\\s*\"name\"\\s*:\\s*\"userId\",\\s*\"type\"\\s*:\\s*\\{[^}]*\\}\\s*},", ""));
        Schema fieldWithoutDefault = edit(current, json -> json.replaceFirst("\"fields\"\\s*:\\s*\\[",
                "\"fields\" : [ {\"name\": \"tenant\", \"type\": \"string\"},"));
        Schema symbolRemoved = edit(current, json -> json.replace("\"HEARTBEAT\", ", ""));
        Schema typeChanged = edit(current, json -> json.replaceFirst(
                "(\"name\"\\s*:\\s*\"occurredAt\",\\s*\"type\"\\s*:\\s*\\[\\s*\"null\",\\s*)\"long\"", "$1\"string\""));
        Schema symbolAdded = edit(current, json -> json.replace("\"SESSION_TIMED_OUT\", ", "\"SESSION_TIMED_OUT\", \"SET_MOOD\", "));

        assertThat(fieldRemoved.getField("userId")).isNull();
        assertThat(evolutionProblems("0.1.0", released, fieldRemoved)).as("a field removed").isNotEmpty();
        assertThat(evolutionProblems("0.1.0", released, fieldWithoutDefault)).as("a field added without default").isNotEmpty();
        assertThat(evolutionProblems("0.1.0", released, symbolRemoved)).as("a symbol removed").isNotEmpty();
        assertThat(evolutionProblems("0.1.0", released, typeChanged)).as("a type changed").isNotEmpty();
        assertThat(evolutionProblems("0.1.0", released, symbolAdded))
                .as("a symbol added: a 0.1.0 reader has no default for it, which is what the defaults are for").isEmpty();
        assertThat(evolutionProblems("next", current, symbolAdded)).as("a release with defaults reads the new symbol").isEmpty();
        assertThat(evolutionProblems("next", symbolAdded, current)).as("a symbol removed since").isNotEmpty();
    }

    /**
     * What would break between a release's schema and today's: today's reader must read everything
     * the release wrote, and the release's reader everything written today, except symbols added to
     * an enum the release gave no default (it cannot read them, whatever we do).
     */
    static List<String> evolutionProblems(String release, Schema released, Schema current) {
        List<String> problems = new ArrayList<>();
        if (current == null) {
            problems.add(release + " " + released.getFullName() + ": removed; a released record type must stay");
            return problems;
        }
        for (Incompatibility backward : SchemaCompatibility.checkReaderWriterCompatibility(current, released)
                .getResult().getIncompatibilities()) {
            problems.add(release + " " + released.getName() + ": today's schema cannot read what " + release
                    + " wrote: " + describe(backward));
        }
        for (Incompatibility forward : SchemaCompatibility.checkReaderWriterCompatibility(released, current)
                .getResult().getIncompatibilities()) {
            if (!isSymbolAddedToAnEnumWithoutDefault(forward)) {
                problems.add(release + " " + released.getName() + ": " + release + " cannot read what today's schema"
                        + " writes: " + describe(forward));
            }
        }
        // With a default, today's reader would read a removed symbol without complaint, as UNKNOWN: a
        // record on disk would silently lose what it said. Symbols stay.
        Map<String, Schema> todaysEnums = enums(current);
        enums(released).forEach((name, releasedEnum) -> {
            Schema today = todaysEnums.get(name);
            if (today != null && !today.getEnumSymbols().containsAll(releasedEnum.getEnumSymbols())) {
                List<String> removed = new ArrayList<>(releasedEnum.getEnumSymbols());
                removed.removeAll(today.getEnumSymbols());
                problems.add(release + " " + released.getName() + ": enum " + name + " lost " + removed
                        + "; symbols are never removed");
            }
        });
        return problems;
    }

    /**
     * Symbols added to an enum the release gave no default: reported for a bare enum as missing
     * symbols, and for an enum inside a union (an optional field) as a union branch the reader lacks.
     */
    private static boolean isSymbolAddedToAnEnumWithoutDefault(Incompatibility incompatibility) {
        if (incompatibility.getType() != SchemaCompatibility.SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS
                && incompatibility.getType() != SchemaCompatibility.SchemaIncompatibilityType.MISSING_UNION_BRANCH) {
            return false;
        }
        List<Schema> writerEnums = enumsOf(incompatibility.getWriterFragment());
        List<Schema> readerEnums = enumsOf(incompatibility.getReaderFragment());
        if (writerEnums.isEmpty()) {
            return false;
        }
        for (Schema writer : writerEnums) {
            Schema reader = readerEnums.stream().filter(candidate -> candidate.getFullName().equals(writer.getFullName()))
                    .findFirst().orElse(null);
            if (reader == null || reader.getEnumDefault() != null || !writer.getEnumSymbols().containsAll(reader.getEnumSymbols())) {
                return false;
            }
        }
        return true;
    }

    /** The enum a fragment is, or the enums among its branches when it is a union. */
    private static List<Schema> enumsOf(Schema fragment) {
        if (fragment.getType() == Schema.Type.ENUM) {
            return List.of(fragment);
        }
        if (fragment.getType() == Schema.Type.UNION) {
            return fragment.getTypes().stream().filter(branch -> branch.getType() == Schema.Type.ENUM).toList();
        }
        return List.of();
    }

    /** Every enum a schema holds, by full name. */
    private static Map<String, Schema> enums(Schema schema) {
        Map<String, Schema> found = new java.util.LinkedHashMap<>();
        collectEnums(schema, found, new java.util.HashSet<>());
        return found;
    }

    private static void collectEnums(Schema schema, Map<String, Schema> found, java.util.Set<String> seen) {
        switch (schema.getType()) {
            case ENUM -> found.put(schema.getFullName(), schema);
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    schema.getFields().forEach(field -> collectEnums(field.schema(), found, seen));
                }
            }
            case ARRAY -> collectEnums(schema.getElementType(), found, seen);
            case MAP -> collectEnums(schema.getValueType(), found, seen);
            case UNION -> schema.getTypes().forEach(branch -> collectEnums(branch, found, seen));
            default -> {
            }
        }
    }

    private static String describe(Incompatibility incompatibility) {
        return incompatibility.getType() + " at " + incompatibility.getLocation() + " (" + incompatibility.getMessage() + ")";
    }

    private static Schema current(String fullName) {
        try {
            return SpecificData.get().getSchema(Class.forName(fullName));
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> currentClass(String fullName) {
        try {
            return (Class<? extends SpecificRecord>) Class.forName(fullName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(fullName + " no longer exists", e);
        }
    }

    private static Schema edit(Schema schema, java.util.function.UnaryOperator<String> change) {
        String json = schema.toString(true);
        String changed = change.apply(json);
        assertThat(changed).as("the edit applies").isNotEqualTo(json);
        return new Schema.Parser().parse(changed);
    }
}
