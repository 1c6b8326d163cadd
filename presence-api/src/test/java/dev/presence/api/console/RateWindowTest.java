package dev.presence.api.console;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@UnitTest
class RateWindowTest {

    @Test
    void showsTheWholeSecondsBeforeNowOldestFirst() {
        RateWindow window = new RateWindow(3);
        window.add(100, 2);
        window.add(100, 3);
        window.add(102, 7);
        window.add(103, 1); // the current second: still filling, not shown

        assertThat(window.lastSeconds(103)).containsExactly(5, 0, 7);
    }

    @Test
    void aSecondThatComesRoundAgainStartsFromZero() {
        RateWindow window = new RateWindow(3);
        window.add(100, 9);
        window.add(103, 1);

        assertThat(window.lastSeconds(104)).containsExactly(0, 0, 1);
        assertThat(window.lastSeconds(110)).containsExactly(0, 0, 0);
    }

    @Test
    void aCountForASecondOlderThanTheOneInItsSlotIsDropped() {
        RateWindow window = new RateWindow(3);
        window.add(103, 1);
        window.add(100, 50);

        assertThat(window.lastSeconds(104)).containsExactly(0, 0, 1);
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> new RateWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
