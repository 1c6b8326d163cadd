package dev.presence.testkit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Test layer "topology". The whole topology (or a stage of it) under TopologyTestDriver: no broker, wall-clock time moved by hand.
 * Run this layer alone with {@code mvn verify -Dgroups=topology}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("topology")
public @interface TopologyTest {
}
