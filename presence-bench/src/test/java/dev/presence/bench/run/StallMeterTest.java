package dev.presence.bench.run;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class StallMeterTest {

    @Test
    void recordsEachWakeUpWhileOpenAndNoneAfterClose() throws Exception {
        StallMeter meter = new StallMeter();
        TimeUnit.MILLISECONDS.sleep(200);
        meter.close();
        long recorded = meter.lateMicros().getTotalCount();
        // One sleep of at least 1 ms each: at most about 200 wake-ups in 200 ms, and some on any machine.
        assertThat(recorded).isBetween(1L, 1_000L);

        TimeUnit.MILLISECONDS.sleep(50);
        assertThat(meter.lateMicros().getTotalCount()).isEqualTo(recorded);
    }
}
