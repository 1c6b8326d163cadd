package dev.presence.ctl;

import dev.presence.testkit.TestLayers;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every test class of this module runs in exactly one layer, and every integration test has a timeout. */
@UnitTest
class TestLayersOfCtlTest {

    @Test
    void everyTestClassHasOneLayerAndEveryIntegrationTestATimeout() {
        assertThat(TestLayers.problemsNextTo(TestLayersOfCtlTest.class)).isEmpty();
    }
}
