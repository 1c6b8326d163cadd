package dev.presence.testkit;


import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class TestLayersTest {

    @Test
    void everyTestClassOfThisModuleHasOneLayer() {
        assertThat(TestLayers.problemsNextTo(TestLayersTest.class)).isEmpty();
        assertThat(TestLayers.testClasses(
                java.nio.file.Path.of("target", "test-classes"), getClass().getClassLoader()))
                .as("the scan finds the test classes, in subpackages too").contains(TestLayersTest.class)
                .extracting(Class::getName).contains("dev.presence.testkit.property.PropertyRunnerTest");
    }

    static class Untagged {
    }

    @Tag("unit")
    @TopologyTest
    static class TwoLayers {
    }

    @EngineTest
    static class EngineWithoutTimeoutIT {
    }

    @EngineTest
    @Timeout(60)
    static class EngineWithTimeoutIT {
    }

    static class InheritsItsLayerAndTimeoutIT extends EngineWithTimeoutIT {
    }

    @UnitTest
    @Timeout(60)
    static class UnitIT {
    }

    @EngineTest
    static class EngineTestRunBySurefire {
    }

    @Test
    void aClassWithoutALayerOrWithTwoIsReported() {
        assertThat(TestLayers.problemsOf(Untagged.class)).singleElement().asString().contains("layer tags []");
        assertThat(TestLayers.problemsOf(TwoLayers.class)).singleElement().asString().contains("exactly one");
    }

    @Test
    void anIntegrationTestIsAnEngineOrDrillTestWithATimeout() {
        assertThat(TestLayers.problemsOf(EngineWithTimeoutIT.class)).isEmpty();
        assertThat(TestLayers.problemsOf(InheritsItsLayerAndTimeoutIT.class)).as("both inherited").isEmpty();
        assertThat(TestLayers.problemsOf(EngineWithoutTimeoutIT.class)).singleElement().asString()
                .contains("has no @Timeout");
        assertThat(TestLayers.problemsOf(UnitIT.class)).singleElement().asString()
                .contains("is tagged unit but failsafe runs it");
    }

    @Test
    void aSurefireTestIsAUnitOrTopologyTest() {
        assertThat(TestLayers.problemsOf(TestLayersTest.class)).isEmpty();
        assertThat(TestLayers.problemsOf(EngineTestRunBySurefire.class)).singleElement().asString()
                .contains("is tagged engine but surefire runs it");
    }
}
