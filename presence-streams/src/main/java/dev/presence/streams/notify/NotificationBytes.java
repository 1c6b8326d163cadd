package dev.presence.streams.notify;

import dev.presence.core.codec.AvroCodec;
import dev.presence.core.codec.AvroJson;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.StatusView;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The value of a notification that carries one change, encoded as the notifications topic is written
 * ({@link Notifications#to} through the output format's serializer), with the change encoded once: every
 * recipient's value is the same bytes around that recipient's own string. A fan-out to 100,000 watchers
 * encodes its {@link StatusView} once instead of 100,000 times.
 * <p>
 * The recipient is the record's first field, so a value is {@code head + recipient + tail}:
 * <ul>
 * <li>Avro: head is the 10-byte single-object header; the recipient is a zig-zag varint byte length and its
 *     UTF-8 bytes; tail is the {@code changes} array block.</li>
 * <li>JSON: head is <code>{"recipient":</code>; the recipient is a JSON string; tail is
 *     <code>,"changes":[...]}</code>.</li>
 * </ul>
 * Head and tail are cut out of what the real writers produce for an empty recipient, so they cannot drift
 * from them; only the recipient's own encoding is done here, and for any string that is not plain printable
 * ASCII it is left to the JSON writer too.
 * <p>
 * The change is encoded when the first recipient's value is asked for, so a change nobody else hears costs
 * nothing more than before. Not thread-safe: one processor builds and uses it.
 */
public final class NotificationBytes {

    private static final int AVRO_HEADER_BYTES = 10;
    private static final byte[] JSON_HEAD = "{\"recipient\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_EMPTY_STRING = "\"\"".getBytes(StandardCharsets.US_ASCII);

    private final StatusView view;
    private final WireFormat format;
    /** The encoded change, once a recipient asked for it. */
    private @Nullable Shared shared;

    private NotificationBytes(StatusView view, WireFormat format) {
        this.view = view;
        this.format = format;
    }

    /** {@code view} to be encoded once, in {@code format}, for any number of recipients. */
    public static NotificationBytes of(StatusView view, WireFormat format) {
        return new NotificationBytes(view, format);
    }

    /** The notification's value for {@code recipient}: byte for byte what the output format's serializer writes. */
    public byte[] to(String recipient) {
        Shared around = shared;
        if (around == null) {
            around = encode(view, format);
            shared = around;
        }
        return switch (format) {
            case AVRO -> around.around(avroString(recipient));
            case JSON -> around.around(jsonString(recipient));
        };
    }

    /** The bytes every recipient's value shares: those before its recipient string and those after. */
    private record Shared(byte[] head, byte[] tail) {

        byte[] around(byte[] recipient) {
            byte[] value = new byte[head.length + recipient.length + tail.length];
            System.arraycopy(head, 0, value, 0, head.length);
            System.arraycopy(recipient, 0, value, head.length, recipient.length);
            System.arraycopy(tail, 0, value, head.length + recipient.length, tail.length);
            return value;
        }
    }

    private static Shared encode(StatusView view, WireFormat format) {
        return switch (format) {
            case AVRO -> avroShared(AvroCodec.encode(Notifications.to("", view)));
            case JSON -> jsonShared(AvroJson.toBytes(Notifications.to("", view)));
        };
    }

    private static Shared avroShared(byte[] withEmptyRecipient) {
        // An empty string is its length alone: one zero byte, right after the header.
        if (withEmptyRecipient.length <= AVRO_HEADER_BYTES || withEmptyRecipient[AVRO_HEADER_BYTES] != 0) {
            throw new IllegalStateException("the Avro form of Notification no longer starts with its recipient");
        }
        return new Shared(Arrays.copyOf(withEmptyRecipient, AVRO_HEADER_BYTES),
                Arrays.copyOfRange(withEmptyRecipient, AVRO_HEADER_BYTES + 1, withEmptyRecipient.length));
    }

    private static Shared jsonShared(byte[] withEmptyRecipient) {
        int recipientEnd = JSON_HEAD.length + JSON_EMPTY_STRING.length;
        if (withEmptyRecipient.length < recipientEnd
                || !Arrays.equals(withEmptyRecipient, 0, JSON_HEAD.length, JSON_HEAD, 0, JSON_HEAD.length)
                || !Arrays.equals(withEmptyRecipient, JSON_HEAD.length, recipientEnd,
                        JSON_EMPTY_STRING, 0, JSON_EMPTY_STRING.length)) {
            throw new IllegalStateException("the JSON form of Notification no longer starts with its recipient");
        }
        return new Shared(JSON_HEAD.clone(),
                Arrays.copyOfRange(withEmptyRecipient, recipientEnd, withEmptyRecipient.length));
    }

    /** As Avro's binary encoder writes a string: its UTF-8 byte length as a zig-zag varint, then the bytes. */
    static byte[] avroString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int zigZag = utf8.length << 1;  // a length is never negative: zig-zag is a plain doubling
        int lengthBytes = 1;
        for (int rest = zigZag >>> 7; rest != 0; rest >>>= 7) {
            lengthBytes++;
        }
        byte[] encoded = new byte[lengthBytes + utf8.length];
        int at = 0;
        int rest = zigZag;
        while ((rest & ~0x7F) != 0) {
            encoded[at++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        encoded[at] = (byte) rest;
        System.arraycopy(utf8, 0, encoded, lengthBytes, utf8.length);
        return encoded;
    }

    /**
     * As the JSON writer writes a string. Printable ASCII other than a quote or a backslash is written as it
     * is, between quotes (the common case, kept cheap); anything else goes through the writer itself, so its
     * escapes are exactly the writer's.
     */
    static byte[] jsonString(String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return jsonStringByTheWriter(value);
            }
        }
        byte[] encoded = new byte[length + 2];
        encoded[0] = '"';
        for (int i = 0; i < length; i++) {
            encoded[i + 1] = (byte) value.charAt(i);
        }
        encoded[length + 1] = '"';
        return encoded;
    }

    private static byte[] jsonStringByTheWriter(String value) {
        try {
            return AvroJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a recipient as JSON", e);
        }
    }
}
