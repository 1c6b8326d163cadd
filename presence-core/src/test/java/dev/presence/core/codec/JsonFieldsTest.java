package dev.presence.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.schema.Platform;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@UnitTest
class JsonFieldsTest {

    @Test
    void utf8LengthIsTheEncodedLength() {
        for (String text : List.of("", "alice", "é", "€", "😀", "a😀é€", "\uD800", "x\uDC00y", "😀".repeat(32))) {
            assertThat(JsonFields.utf8Length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void anIdOfExactly128Utf8BytesIsValidAndOneMoreIsNot() {
        String multiByte128 = "é".repeat(64);
        assertThat(JsonFields.idProblem("userId", multiByte128)).isEmpty();
        assertThat(JsonFields.idProblem("userId", multiByte128 + "a").orElseThrow()).contains("129 UTF-8 bytes");
        assertThat(JsonFields.idProblem("userId", "").orElseThrow()).contains("empty");
        assertThat(JsonFields.idProblem("userId", "a\tb").orElseThrow()).contains("control character");
    }

    @Test
    void anIdThatDoesNotSurviveUtf8IsRefusedAndPairedSurrogatesAreFine() {
        for (String lone : List.of("\uD800", "a\uD800", "\uDC00b", "a\uDC00\uD800b", "😀\uD83D")) {
            assertThat(JsonFields.idProblem("userId", lone).orElseThrow()).as(lone).contains("unpaired surrogate");
            // What the rule protects: the id would not come back from the log as itself.
            assertThat(new String(lone.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isNotEqualTo(lone);
        }
        for (String paired : List.of("😀", "a😀b", "😀😀")) {
            assertThat(JsonFields.idProblem("userId", paired)).as(paired).isEmpty();
        }
    }

    @Test
    void anAbsentOrNullFieldIsEmptyAndOneOfTheWrongTypeNamesTheFieldAndTheFormItNeeds() throws IOException {
        JsonNode node = AvroJson.readUntrusted(("{\"nothing\":null,\"count\":12,\"text\":\"x\",\"fraction\":1.5,"
                + "\"quoted\":\"12\",\"huge\":99999999999999999999,\"late\":" + (EventTime.LATEST_MS + 1) + "}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(JsonFields.text(node, "absent")).isEmpty();
        assertThat(JsonFields.text(node, "nothing")).isEmpty();
        assertThat(JsonFields.text(node, "text")).contains("x");
        assertThatThrownBy(() -> JsonFields.text(node, "count")).hasMessage("count must be a string");

        assertThat(JsonFields.wholeNumber(node, "absent")).isEmpty();
        assertThat(JsonFields.wholeNumber(node, "nothing")).isEmpty();
        assertThat(JsonFields.wholeNumber(node, "count")).contains(12L);
        for (String notWhole : List.of("fraction", "quoted", "huge", "text")) {
            assertThatThrownBy(() -> JsonFields.wholeNumber(node, notWhole)).hasMessage(notWhole + " must be a whole number");
            assertThatThrownBy(() -> JsonFields.epochMillis(node, notWhole))
                    .hasMessage(notWhole + " must be epoch milliseconds (a whole number)");
        }
        assertThat(JsonFields.epochMillis(node, "nothing")).isEmpty();
        assertThat(JsonFields.epochMillis(node, "count")).contains(12L);
        assertThatThrownBy(() -> JsonFields.epochMillis(node, "late")).hasMessageStartingWith("late ");
    }

    @Test
    void anEnumValueIsAKnownSymbolAsTextAndNeverTheFallback() throws IOException {
        JsonNode node = AvroJson.readUntrusted("{\"known\":\"IOS\",\"fallback\":\"UNKNOWN\",\"other\":\"TV\",\"number\":1}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(JsonFields.enumValue(Platform.class, node.get("known"))).contains(Platform.IOS);
        for (String notOne : List.of("fallback", "other", "number", "absent")) {
            assertThat(JsonFields.enumValue(Platform.class, node.get(notOne))).as(notOne).isEmpty();
        }
    }
}
