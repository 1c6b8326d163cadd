package dev.presence.api.auth;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** A captured peer credential opens exactly the call it was made for, and only for a short while. */
@UnitTest
class PeerSignatureTest {

    private static final byte[] KEY = "a-peer-key-of-some-length".getBytes(StandardCharsets.UTF_8);
    private static final Instant SIGNED_AT = Instant.parse("2030-01-01T12:00:00Z");
    private static final String PATH = "/internal/v1/statuses";
    private static final byte[] BODY = "{\"userIds\":[\"alice\"]}".getBytes(StandardCharsets.UTF_8);

    private final String credential = at(SIGNED_AT).sign("POST", PATH, BODY);

    @Test
    void theSameCallWithinTheWindowEitherWayIsAccepted() {
        assertThat(at(SIGNED_AT).verify(credential, "POST", PATH, BODY)).isTrue();
        assertThat(at(SIGNED_AT.plus(PeerSignature.WINDOW)).verify(credential, "POST", PATH, BODY)).isTrue();
        assertThat(at(SIGNED_AT.minus(PeerSignature.WINDOW)).verify(credential, "POST", PATH, BODY))
                .as("a receiver whose clock is a little behind").isTrue();
    }

    @Test
    void replayedLaterOrFromTheFutureItIsRefused() {
        Duration justOutside = PeerSignature.WINDOW.plusSeconds(1);

        assertThat(at(SIGNED_AT.plus(justOutside)).verify(credential, "POST", PATH, BODY)).isFalse();
        assertThat(at(SIGNED_AT.minus(justOutside)).verify(credential, "POST", PATH, BODY)).isFalse();
        assertThat(at(SIGNED_AT.plus(Duration.ofDays(1))).verify(credential, "POST", PATH, BODY)).isFalse();
    }

    @Test
    void itOpensNoOtherMethodPathQueryOrBody() {
        PeerSignature now = at(SIGNED_AT);

        assertThat(now.verify(credential, "PUT", PATH, BODY)).isFalse();
        assertThat(now.verify(credential, "POST", "/internal/v1/rate-limit", BODY)).isFalse();
        assertThat(now.verify(credential, "POST", PATH + "?x=1", BODY)).isFalse();
        assertThat(now.verify(credential, "POST", PATH, "{\"userIds\":[\"bob\"]}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(now.verify(credential, "POST", PATH, new byte[0])).isFalse();
    }

    @Test
    void aForgedOrGarbledCredentialIsRefused() {
        PeerSignature now = at(SIGNED_AT);
        String time = credential.substring(0, credential.indexOf('.'));
        String otherKey = new PeerSignature("another-key-of-some-length".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(SIGNED_AT, ZoneOffset.UTC)).sign("POST", PATH, BODY);
        String movedInTime = (Long.parseLong(time) + 1) + credential.substring(credential.indexOf('.'));

        for (String refused : new String[]{null, "", "open", ".", time + ".", "x" + credential, credential + "x",
                otherKey, movedInTime, "99999999999999999999." + credential.substring(credential.indexOf('.') + 1)}) {
            assertThat(now.verify(refused, "POST", PATH, BODY)).as(refused).isFalse();
        }
    }

    private static PeerSignature at(Instant now) {
        return new PeerSignature(KEY, Clock.fixed(now, ZoneOffset.UTC));
    }
}
