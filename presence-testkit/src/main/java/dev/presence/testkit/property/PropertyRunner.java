package dev.presence.testkit.property;

import java.util.Iterator;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Property checks on plain JUnit: a property runs on many generated values, each built from a seed of
 * its own; the first failure is shrunk (see {@link Shrinker}) and reported with that seed, so that
 * {@code -Dpresence.property.seed=<seed>} rebuilds the same value and runs only it.
 * <p>
 * The seeds of a run come from a run seed chosen afresh each time (reported too), so that every build
 * explores new values; {@code -Dpresence.property.tries=<n>} sets how many values every property
 * tries, for a longer soak or a quicker look.
 * <pre>{@code
 * PropertyRunner.forAll(Scripts.scripts()).tries(200).shrinkWith(Scripts.shrinker())
 *         .check(ModelCheck::engineAgreesWithTheModel);
 * }</pre>
 */
public final class PropertyRunner<T> {

    /** Runs each property on this one seed only: the seed a failure reported. */
    public static final String SEED_PROPERTY = "presence.property.seed";
    /** How many values each property tries, instead of the count it asks for. */
    public static final String TRIES_PROPERTY = "presence.property.tries";

    private final Gen<T> generator;
    private int tries = 100;
    private Shrinker<T> shrinker = Shrinker.none();
    private int shrinkBudget = 1_000;
    private Long runSeed;
    private Long onlySeed;
    private String name;

    private PropertyRunner(Gen<T> generator) {
        this.generator = Objects.requireNonNull(generator);
    }

    public static <T> PropertyRunner<T> forAll(Gen<T> generator) {
        return new PropertyRunner<>(generator);
    }

    /** How many generated values the property must hold for (unless {@value #TRIES_PROPERTY} says otherwise). */
    public PropertyRunner<T> tries(int tries) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1, got " + tries);
        }
        this.tries = tries;
        return this;
    }

    public PropertyRunner<T> shrinkWith(Shrinker<T> shrinker) {
        this.shrinker = Objects.requireNonNull(shrinker);
        return this;
    }

    /** At most this many candidates are run while shrinking; what was reached by then is reported. */
    public PropertyRunner<T> shrinkBudget(int attempts) {
        this.shrinkBudget = attempts;
        return this;
    }

    /** The seed the tries' seeds are drawn from; fresh each run unless given. */
    public PropertyRunner<T> runSeed(long seed) {
        this.runSeed = seed;
        return this;
    }

    /** Runs only the value of this seed (what {@value #SEED_PROPERTY} does from the command line). */
    public PropertyRunner<T> onlySeed(long seed) {
        this.onlySeed = seed;
        return this;
    }

    /** The property's name in a failure report; by default the calling test's class and method. */
    public PropertyRunner<T> named(String name) {
        this.name = name;
        return this;
    }

    /**
     * Runs {@code property} on each generated value; it fails by throwing.
     *
     * @throws PropertyFailure for the first value it failed on, with the seed and the shrunk value
     */
    public void check(Consumer<? super T> property) {
        String what = name != null ? name : callingTest();
        Long seedToReplay = onlySeed != null ? onlySeed : longProperty(SEED_PROPERTY);
        if (seedToReplay != null) {
            runOne(what, property, seedToReplay, 1, 1);
            return;
        }
        long seedOfRun = runSeed != null ? runSeed : new SplittableRandom().nextLong();
        Long triesAsked = longProperty(TRIES_PROPERTY);
        int count = triesAsked != null ? Math.toIntExact(triesAsked) : tries;
        SplittableRandom seeds = new SplittableRandom(seedOfRun);
        for (int attempt = 1; attempt <= count; attempt++) {
            runOne(what + " (run seed " + seedOfRun + ")", property, seeds.nextLong(), attempt, count);
        }
    }

    /** The value a seed gives: what a run with that seed checks. */
    public T valueOf(long seed) {
        return generator.next(new SplittableRandom(seed));
    }

    private void runOne(String what, Consumer<? super T> property, long seed, int attempt, int count) {
        T value = valueOf(seed);
        Throwable failure = failureOf(property, value);
        if (failure == null) {
            return;
        }
        Shrunk<T> shrunk = shrink(property, value, failure);
        throw new PropertyFailure(what, seed, attempt, count, value, shrunk.value(), shrunk.steps(),
                shrunk.attempts(), shrunk.failure());
    }

    /** The outcome of shrinking: the smallest failing value reached, how it failed, and what it took. */
    public record Shrunk<T>(T value, Throwable failure, int steps, int attempts) {
    }

    /**
     * Greedy shrinking: take the first candidate that still fails with the same kind of exception, and
     * start again from it, until no candidate fails or the budget is spent. The same kind, so that the
     * search does not drift from the failure found to another one (an assertion into a harness error).
     */
    Shrunk<T> shrink(Consumer<? super T> property, T failing, Throwable failure) {
        T current = failing;
        Throwable currentFailure = failure;
        int steps = 0;
        int attempts = 0;
        boolean improved = true;
        while (improved && attempts < shrinkBudget) {
            improved = false;
            Iterator<T> candidates = shrinker.candidates(current).iterator();
            while (candidates.hasNext() && attempts < shrinkBudget) {
                T candidate = candidates.next();
                attempts++;
                Throwable candidateFailure = failureOf(property, candidate);
                if (candidateFailure != null && candidateFailure.getClass() == currentFailure.getClass()) {
                    current = candidate;
                    currentFailure = candidateFailure;
                    steps++;
                    improved = true;
                    break;
                }
            }
        }
        return new Shrunk<>(current, currentFailure, steps, attempts);
    }

    private static <T> Throwable failureOf(Consumer<? super T> property, T value) {
        try {
            property.accept(value);
            return null;
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            return failure;
        }
    }

    private static Long longProperty(String key) {
        String text = System.getProperty(key);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + key + " must be a whole number, got '" + text + "'", e);
        }
    }

    private static String callingTest() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> !frame.getClassName().equals(PropertyRunner.class.getName()))
                .findFirst()
                .map(frame -> frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1)
                        + "#" + frame.getMethodName())
                .orElse("property"));
    }

    /** A property that did not hold: the report names the seed and shows the shrunk value; the cause is its failure. */
    public static final class PropertyFailure extends AssertionError {

        private final long seed;
        private final transient Object original;
        private final transient Object shrunk;

        PropertyFailure(String what, long seed, int attempt, int count, Object original, Object shrunk,
                        int steps, int attempts, Throwable failure) {
            super(String.format("Property %s failed on try %d of %d, seed %d%n"
                            + "  re-run this value alone with -D%s=%d%n"
                            + "  shrunk in %d steps (%d candidates run) to:%n%s%n"
                            + "  which fails with: %s",
                    what, attempt, count, seed, SEED_PROPERTY, seed, steps, attempts, indent(shrunk), failure), failure);
            this.seed = seed;
            this.original = original;
            this.shrunk = shrunk;
        }

        public long seed() {
            return seed;
        }

        /** The value as generated. */
        public Object original() {
            return original;
        }

        /** The smallest failing value shrinking reached. */
        public Object shrunk() {
            return shrunk;
        }

        private static String indent(Object value) {
            return String.valueOf(value).lines().map(line -> "    " + line)
                    .reduce((a, b) -> a + System.lineSeparator() + b).orElse("    ");
        }
    }
}
