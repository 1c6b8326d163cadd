package dev.presence.core;

import dev.presence.testkit.TestLayers;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every test class of this module runs in exactly one layer. */
@UnitTest
class TestLayersOfCoreTest {

    @Test
    void everyTestClassHasOneLayer() {
        assertThat(TestLayers.problemsNextTo(TestLayersOfCoreTest.class)).isEmpty();
    }
}
