package dev.presence.testkit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Test layer "engine". The whole engine against a real broker (embedded or in a container): an integration test, run by failsafe.
 * Run this layer alone with {@code mvn verify -Dgroups=engine}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("engine")
public @interface EngineTest {
}
