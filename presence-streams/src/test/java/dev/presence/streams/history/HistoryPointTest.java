package dev.presence.streams.history;

import dev.presence.schema.Status;
import dev.presence.schema.Visibility;
import dev.presence.testkit.UnitTest;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The byte layouts of the history store: a point's value and its key. */
@UnitTest
class HistoryPointTest {

    @Test
    void aPointReadsBackAsWritten() {
        for (Status status : new Status[]{Status.ONLINE, Status.OFFLINE, Status.UNLOGINED}) {
            for (Visibility visibility : new Visibility[]{Visibility.VISIBLE, Visibility.INVISIBLE}) {
                for (String custom : new String[]{null, "in a meeting", "日本語 🎉"}) {
                    HistoryPoint point = new HistoryPoint(status, custom, visibility);
                    assertThat(HistoryPoint.decode(point.encode())).isEqualTo(point);
                }
            }
        }
        assertThat(new String(new HistoryPoint(Status.ONLINE, "x", Visibility.INVISIBLE).encode(), StandardCharsets.UTF_8))
                .isEqualTo("OIx");
    }

    @Test
    void aDamagedPointIsRefusedNotMisread() {
        assertThatThrownBy(() -> HistoryPoint.decode(new byte[]{'O'})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistoryPoint.decode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistoryPoint.decode(new byte[]{'Z', 'V'})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistoryPoint.decode(new byte[]{'O', 'Q'})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void othersSeeAHiddenPointAsOfflineWithoutCustomStatus() {
        assertThat(new HistoryPoint(Status.ONLINE, "x", Visibility.INVISIBLE).seenByOthers())
                .isEqualTo(new HistoryPoint(Status.OFFLINE, null, Visibility.VISIBLE));
        HistoryPoint visible = new HistoryPoint(Status.ONLINE, "x", Visibility.VISIBLE);
        assertThat(visible.seenByOthers()).isSameAs(visible);
    }

    @Test
    void keysSortByUserThenTimeAndNeverMixUsersThatSharePrefixes() {
        Bytes a1 = HistoryKey.of("a", 1);
        Bytes a2 = HistoryKey.of("a", 256);
        Bytes ab0 = HistoryKey.of("ab", 0);
        assertThat(a1.compareTo(a2)).isNegative();
        assertThat(a2.compareTo(HistoryKey.last("a"))).isNegative();
        assertThat(HistoryKey.last("a").compareTo(ab0)).as("'a' ends before 'ab' begins").isNegative();
        assertThat(HistoryKey.at(a2)).isEqualTo(256);
        assertThat(HistoryKey.at(HistoryKey.of("é", 1_767_225_600_000L))).isEqualTo(1_767_225_600_000L);
    }
}
