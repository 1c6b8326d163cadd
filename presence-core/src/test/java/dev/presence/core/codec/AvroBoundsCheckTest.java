package dev.presence.core.codec;

import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.schema.UserStatus;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The walk that refuses impossible lengths before Avro allocates them, alone. */
@UnitTest
class AvroBoundsCheckTest {

    private static final int HEADER = 10;

    @Test
    void soundRecordsPass() {
        SubscriptionCommand command = SubscriptionCommand.newBuilder().setType(SubscriptionCommandType.SUBSCRIBE)
                .setUserId("bob").setTargets(IntStream.range(0, 300).mapToObj(i -> "t" + i).toList())
                .setRequestId("r1").build();
        byte[] bytes = AvroCodec.encode(command);
        assertThat(AvroBoundsCheck.problem(command.getSchema(), bytes, HEADER)).isEmpty();
    }

    @Test
    void everyTruncationIsRefusedOrDecodesWithoutThrowingSomethingElse() {
        SubscriptionCommand command = SubscriptionCommand.newBuilder().setType(SubscriptionCommandType.UNSUBSCRIBE)
                .setUserId("bob").setTargets(List.of("alice", "carol")).build();
        byte[] bytes = AvroCodec.encode(command);
        for (int length = HEADER; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThat(AvroBoundsCheck.problem(command.getSchema(), truncated, HEADER))
                    .as("truncated to %d of %d bytes", length, bytes.length).isPresent();
        }
    }

    @Test
    void lengthsAndCountsBeyondTheBytesAreRefused() {
        // type 0, userId of length 2^30 (varint of 2^31 zig-zagged)
        byte[] hugeString = {0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        assertThat(AvroBoundsCheck.problem(SubscriptionCommand.getClassSchema(), withHeader(hugeString), HEADER))
                .hasValueSatisfying(problem -> assertThat(problem).contains("announces 1073741824 bytes"));
        // type 0, userId "b", then a block of -1 items (negative count: a byte size follows) that lies
        byte[] negativeCount = {0, 2, 'b', 0x01, 0x00};
        assertThat(AvroBoundsCheck.problem(SubscriptionCommand.getClassSchema(), withHeader(negativeCount), HEADER))
                .isPresent();
        byte[] tooLongVarint = {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertThat(AvroBoundsCheck.problem(SubscriptionCommand.getClassSchema(), withHeader(tooLongVarint), HEADER))
                .hasValueSatisfying(problem -> assertThat(problem).contains("longer than 10 bytes"));
        byte[] badEnum = {0x7E};
        assertThat(AvroBoundsCheck.problem(SubscriptionCommand.getClassSchema(), withHeader(badEnum), HEADER))
                .hasValueSatisfying(problem -> assertThat(problem).contains("index 63"));
    }

    @Test
    void randomBitFlipsNeverEscapeAsAnythingButARefusalOrARecord() {
        UserStatus status = UserStatus.newBuilder().setUserId("alice").setStatus(dev.presence.schema.Status.ONLINE)
                .setCustomStatus("busy").setVersion(7).setStatusChangedAt(1L).setLastSeenAt(2L).setClients(List.of())
                .build();
        byte[] valid = AvroCodec.encode(status);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] mutant = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = HEADER + random.nextInt(mutant.length - HEADER);
                mutant[at] ^= (byte) (1 << random.nextInt(8));
            }
            if (AvroBoundsCheck.problem(status.getSchema(), mutant, HEADER).isEmpty()) {
                try {
                    AvroCodec.decodeUntrusted(mutant, UserStatus.class);
                } catch (java.io.IOException | RuntimeException e) {
                    // refused as unreadable by the reader: fine, nothing was allocated beyond the bytes
                }
            }
        }
    }

    private static byte[] withHeader(byte[] body) {
        byte[] record = new byte[HEADER + body.length];
        record[0] = AvroCodec.MAGIC_0;
        record[1] = AvroCodec.MAGIC_1;
        System.arraycopy(body, 0, record, HEADER, body.length);
        return record;
    }
}
