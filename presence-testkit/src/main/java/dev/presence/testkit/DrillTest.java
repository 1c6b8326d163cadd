package dev.presence.testkit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Test layer "drill". A fault drill: a real broker and engine processes killed or cut off on purpose; the slowest layer.
 * Run this layer alone with {@code mvn verify -Dgroups=drill}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("drill")
public @interface DrillTest {
}
