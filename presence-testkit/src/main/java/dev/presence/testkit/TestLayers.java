package dev.presence.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps the test layers whole: every test class of a module carries exactly one layer tag (see
 * {@link UnitTest}, {@link TopologyTest}, {@link EngineTest}, {@link DrillTest}), so that running the
 * layers one by one runs every test; surefire's {@code *Test} classes are unit or topology tests,
 * failsafe's {@code *IT} classes are engine or drill tests and carry a {@link Timeout}, so that a
 * hang fails in minutes instead of holding the build.
 */
public final class TestLayers {

    public static final Set<String> LAYERS = Set.of("unit", "topology", "engine", "drill");
    private static final Set<String> SUREFIRE_LAYERS = Set.of("unit", "topology");
    private static final Set<String> FAILSAFE_LAYERS = Set.of("engine", "drill");

    private TestLayers() {
    }

    /** What is wrong with the test classes compiled next to {@code anchor} (its module's test classes). */
    public static List<String> problemsNextTo(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test classes of " + anchor, e);
        }
        List<String> problems = new ArrayList<>();
        for (Class<?> type : testClasses(root, anchor.getClassLoader())) {
            problems.addAll(problemsOf(type));
        }
        return problems;
    }

    /** The top-level classes named {@code ...Test} or {@code ...IT} under {@code root} that tests can be run from. */
    public static List<Class<?>> testClasses(Path root, ClassLoader loader) {
        try (Stream<Path> files = Files.walk(root)) {
            List<Class<?>> classes = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String relative = root.relativize(file).toString();
                String name = relative.substring(0, relative.length() - ".class".length())
                        .replace(file.getFileSystem().getSeparator(), ".");
                if (name.contains("$") || !(name.endsWith("Test") || name.endsWith("IT"))) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, loader);
                if (!type.isInterface() && !type.isAnnotation() && !Modifier.isAbstract(type.getModifiers())) {
                    classes.add(type);
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is wrong with one test class: no layer, several, the wrong one for its runner, no timeout. */
    public static List<String> problemsOf(Class<?> type) {
        List<String> layers = AnnotationSupport.findRepeatableAnnotations(type, Tag.class).stream()
                .map(Tag::value).filter(LAYERS::contains).distinct().toList();
        List<String> problems = new ArrayList<>();
        String name = type.getName();
        if (layers.size() != 1) {
            problems.add(name + " has layer tags " + layers + ": give it exactly one of @UnitTest, @TopologyTest,"
                    + " @EngineTest, @DrillTest");
            return problems;
        }
        boolean integration = type.getSimpleName().endsWith("IT");
        Set<String> allowed = integration ? FAILSAFE_LAYERS : SUREFIRE_LAYERS;
        if (!allowed.contains(layers.get(0))) {
            problems.add(name + " is tagged " + layers.get(0) + " but " + (integration ? "failsafe" : "surefire")
                    + " runs it: name it ..." + (integration ? "Test" : "IT") + " or tag it one of " + allowed);
        }
        if (integration && AnnotationSupport.findAnnotation(type, Timeout.class).isEmpty()) {
            problems.add(name + " has no @Timeout: an integration test that hangs must fail in minutes");
        }
        return problems;
    }
}
