package dev.presence.core.codec;

import dev.presence.testkit.UnitTest;
import dev.presence.schema.EventType;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.FriendshipEventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.Status;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.schema.UserStatus;
import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default symbol of every enum lets this version read what a later one writes, and is refused
 * wherever it would be input: sent literally in JSON or Avro, or read from a later writer's symbol.
 */
@UnitTest
class EnumFallbackInputTest {

    private static final byte[] ALICE = "alice".getBytes(StandardCharsets.UTF_8);
    private final PresenceEventReader events = new PresenceEventReader(256);

    @Test
    void everyEnumHasTheFallbackAsItsDefault() {
        for (Class<? extends Enum<?>> type : List.of(EventType.class, Platform.class, Status.class,
                SubscriptionCommandType.class, FriendshipEventType.class, dev.presence.schema.ChangeReason.class,
                dev.presence.schema.SessionState.class, dev.presence.schema.Relation.class)) {
            Schema schema = org.apache.avro.specific.SpecificData.get().getSchema(type);
            assertThat(schema.getEnumDefault()).as(type.getSimpleName()).isEqualTo("UNKNOWN");
        }
        assertThat(EnumFallback.known(Platform.class)).doesNotContain(Platform.UNKNOWN).contains(Platform.ANDROID);
    }

    @Test
    void jsonNamingTheFallbackIsRefusedAsAnyUnknownSymbolIs() {
        assertRefused(events.read(ALICE, json("{\"type\":\"UNKNOWN\",\"userId\":\"alice\",\"clientId\":\"c\",\"sessionId\":\"s\"}")),
                ErrorCode.UNKNOWN_TYPE);
        assertRefused(events.read(ALICE, json("{\"type\":\"LOGIN\",\"userId\":\"alice\",\"clientId\":\"c\",\"sessionId\":\"s\","
                + "\"platform\":\"UNKNOWN\"}")), ErrorCode.INVALID_FIELD);
        assertRefused(SubscriptionCommandReader.read(ALICE, json("{\"type\":\"UNKNOWN\",\"userId\":\"alice\",\"targets\":[\"bob\"]}")),
                ErrorCode.UNKNOWN_TYPE);
        assertRefused(FriendshipEventReader.read(ALICE, json("{\"type\":\"UNKNOWN\",\"userId\":\"alice\",\"friendId\":\"bob\"}")),
                ErrorCode.UNKNOWN_TYPE);
        Outcome.Refused<?> platform = (Outcome.Refused<?>) events.read(ALICE, json("{\"type\":\"LOGIN\",\"userId\":\"alice\",\"clientId\":\"c\","
                + "\"sessionId\":\"s\",\"platform\":\"TOASTER\"}"));
        assertThat(platform.reason()).doesNotContain("UNKNOWN").contains("ANDROID");
    }

    @Test
    void avroCarryingTheFallbackIsRefused() {
        PresenceEvent unknownType = PresenceEvent.newBuilder().setType(EventType.UNKNOWN).setUserId("alice")
                .setClientId("c").setSessionId("s").build();
        PresenceEvent unknownPlatform = PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId("alice")
                .setClientId("c").setSessionId("s").setPlatform(Platform.UNKNOWN).build();
        SubscriptionCommand unknownCommand = SubscriptionCommand.newBuilder().setType(SubscriptionCommandType.UNKNOWN)
                .setUserId("alice").setTargets(List.of("bob")).build();
        FriendshipEvent unknownFriendship = FriendshipEvent.newBuilder().setType(FriendshipEventType.UNKNOWN)
                .setUserId("alice").setFriendId("bob").build();

        assertRefused(events.read(ALICE, AvroCodec.encode(unknownType)), ErrorCode.UNKNOWN_TYPE);
        assertRefused(events.read(ALICE, AvroCodec.encode(unknownPlatform)), ErrorCode.INVALID_FIELD);
        assertRefused(events.validate(unknownType), ErrorCode.UNKNOWN_TYPE);
        assertRefused(SubscriptionCommandReader.read(ALICE, AvroCodec.encode(unknownCommand)), ErrorCode.UNKNOWN_TYPE);
        assertRefused(FriendshipEventReader.read(ALICE, AvroCodec.encode(unknownFriendship)), ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void aSymbolOfALaterWriterReadsAsTheFallbackAndIsRefusedAsInput() throws IOException {
        Schema laterEvent = withExtraSymbol(PresenceEvent.getClassSchema(), "\"CUSTOM_STATUS_EXPIRED\"", "SET_MOOD");
        GenericRecord later = new GenericData.Record(laterEvent);
        later.put("type", new GenericData.EnumSymbol(laterEvent.getField("type").schema(), "SET_MOOD"));
        later.put("userId", "alice");

        PresenceEvent read = readAs(laterEvent, later, PresenceEvent.getClassSchema());

        assertThat(read.getType()).isEqualTo(EventType.UNKNOWN);
        assertRefused(events.validate(read, ALICE), ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void anOutputWithAStatusOfALaterVersionIsReadNotFailed() throws IOException {
        Schema laterStatus = withExtraSymbol(UserStatus.getClassSchema(), "\"UNLOGINED\"", "AWAY");
        GenericRecord later = (GenericRecord) GenericData.get().deepCopy(laterStatus, toGeneric(laterStatus));
        later.put("status", new GenericData.EnumSymbol(laterStatus.getField("status").schema(), "AWAY"));

        UserStatus read = readAs(laterStatus, later, UserStatus.getClassSchema());

        assertThat(read.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(read.getUserId()).isEqualTo("alice");
    }

    private static GenericRecord toGeneric(Schema schema) throws IOException {
        UserStatus status = UserStatus.newBuilder().setUserId("alice").setStatus(Status.ONLINE).setVersion(3)
                .setStatusChangedAt(1_000L).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<UserStatus>(UserStatus.getClassSchema()).write(status, encoder);
        encoder.flush();
        return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(UserStatus.getClassSchema(), schema)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    private static <T> T readAs(Schema writer, GenericRecord record, Schema reader) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return new SpecificDatumReader<T>(writer, reader).read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    /** The schema as a later version might have it: one more symbol after {@code after} in an enum. */
    private static Schema withExtraSymbol(Schema schema, String after, String symbol) {
        String json = schema.toString();
        String changed = json.replace(after + ",\"UNKNOWN\"", after + ",\"" + symbol + "\",\"UNKNOWN\"");
        assertThat(changed).isNotEqualTo(json);
        return new Schema.Parser().parse(changed);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRefused(Outcome<?> result, ErrorCode code) {
        assertThat(result).isInstanceOfSatisfying(Outcome.Refused.class, refused -> assertThat(refused.code()).isEqualTo(code));
    }
}
