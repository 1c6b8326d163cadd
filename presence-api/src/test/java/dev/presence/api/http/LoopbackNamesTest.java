package dev.presence.api.http;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Only literal loopback names pass; a name that merely resolves to loopback (DNS rebinding) does not. */
@UnitTest
class LoopbackNamesTest {

    @Test
    void loopbackHostsWithOrWithoutAPortPass() {
        for (String host : List.of("localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:8080", "127.255.1.2:1",
                "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]:80")) {
            assertThat(LoopbackNames.isLoopbackHost(host)).as(host).isTrue();
        }
    }

    @Test
    void everyOtherHostIsRefused() {
        for (String host : List.of("", "attacker.example", "attacker.example:8080", "localhost.attacker.example",
                "127.0.0.1.nip.io", "localtest.me", "10.0.0.1", "0.0.0.0", "128.0.0.1", "127.0.0.256", "127.1",
                "2130706433", "[::2]", "[::ffff:127.0.0.1]", "[::1%eth0]", "[::1", "::1", "127.0.0.1:http",
                "127.0.0.1:8080:9", "localhost:", "[::1]x", "127.0.0.1@attacker.example")) {
            assertThat(LoopbackNames.isLoopbackHost(host)).as(host).isFalse();
        }
        assertThat(LoopbackNames.isLoopbackHost(null)).isFalse();
    }

    @Test
    void onlyLoopbackWebOriginsPass() {
        for (String origin : List.of("http://localhost:3000", "http://127.0.0.1", "https://127.0.0.1:8443",
                "http://[::1]:8080", "HTTP://LOCALHOST")) {
            assertThat(LoopbackNames.isLoopbackOrigin(origin)).as(origin).isTrue();
        }
        for (String origin : List.of("null", "https://attacker.example", "http://localhost.attacker.example",
                "file://", "ftp://127.0.0.1", "http://127.0.0.1/path", "http://10.1.1.1:8080", "")) {
            assertThat(LoopbackNames.isLoopbackOrigin(origin)).as(origin).isFalse();
        }
        assertThat(LoopbackNames.isLoopbackOrigin(null)).isFalse();
    }
}
