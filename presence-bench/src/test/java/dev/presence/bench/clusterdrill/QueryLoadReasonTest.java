package dev.presence.bench.clusterdrill;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class QueryLoadReasonTest {

    @Test
    void answersForDifferentUsersHostsAndLagsAreOneReason() {
        String first = QueryLoad.reasonOf("'user-0000017' is served by 127.0.0.1:19081, which did not answer (timeout), "
                + "and the local copy is 1200 records behind");
        String second = QueryLoad.reasonOf("'user-0000942' is served by 127.0.0.1:19083, which did not answer (timeout), "
                + "and the local copy is 7 records behind");

        assertThat(first).isEqualTo(second)
                .isEqualTo("'…' is served by HOST, which did not answer (timeout), and the local copy is N records behind");
    }

    @Test
    void aMissingMessageIsAReasonToo() {
        assertThat(QueryLoad.reasonOf(null)).isEqualTo("null");
    }
}
