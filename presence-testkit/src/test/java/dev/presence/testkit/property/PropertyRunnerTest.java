package dev.presence.testkit.property;

import dev.presence.testkit.UnitTest;

import dev.presence.testkit.property.PropertyRunner.PropertyFailure;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@UnitTest
class PropertyRunnerTest {

    /** Lists of 0 to 60 digits: long enough that a planted failure hides among many elements. */
    private static final Gen<List<Integer>> DIGITS = Gen.between(0, 9).list(0, 60);

    /** Planted failure: a 3 somewhere before a 7. The smallest list that has it is [3, 7]. */
    private static void noThreeBeforeSeven(List<Integer> digits) {
        int three = digits.indexOf(3);
        if (three >= 0 && digits.subList(three, digits.size()).contains(7)) {
            throw new AssertionError("a 3 before a 7 in " + digits);
        }
    }

    @Test
    void shrinkingDropsEveryElementTheFailureDoesNotNeed() {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () -> PropertyRunner.forAll(DIGITS)
                .runSeed(42).tries(500).shrinkWith(Shrinker.list(Shrinker.none()))
                .check(PropertyRunnerTest::noThreeBeforeSeven));

        assertThat(failure).as("some list of up to 60 digits has a 3 before a 7").isNotNull();
        assertThat((List<?>) failure.original()).hasSizeGreaterThan(2);
        assertThat(failure.shrunk()).isEqualTo(List.of(3, 7));
        assertThat(failure.getCause()).hasMessage("a 3 before a 7 in [3, 7]");
    }

    @Test
    void shrinkingSimplifiesElementsAsWellAsDroppingThem() {
        // Fails when the sum reaches 10: the smallest case is one element, the 10 itself, once shrunk towards zero.
        Gen<List<Integer>> numbers = Gen.between(0, 100).list(1, 30);
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () -> PropertyRunner.forAll(numbers)
                .runSeed(7).tries(100).shrinkWith(Shrinker.list(Shrinker.towardsZero()))
                .check(list -> assertThat(list.stream().mapToInt(Integer::intValue).sum()).isLessThan(10)));

        assertThat(failure).isNotNull();
        assertThat(failure.shrunk()).isEqualTo(List.of(10));
    }

    @Test
    void theReportNamesTheSeedWhichRebuildsTheSameValueAlone() {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () -> PropertyRunner.forAll(DIGITS)
                .runSeed(1234).tries(500).shrinkWith(Shrinker.list(Shrinker.none()))
                .check(PropertyRunnerTest::noThreeBeforeSeven));

        assertThat(failure.getMessage())
                .contains("seed " + failure.seed())
                .contains("-D" + PropertyRunner.SEED_PROPERTY + "=" + failure.seed())
                .contains("PropertyRunnerTest#lambda$theReportNamesTheSeedWhichRebuildsTheSameValueAlone")
                .contains("[3, 7]");

        List<List<Integer>> seen = new ArrayList<>();
        PropertyFailure again = catchThrowableOfType(PropertyFailure.class, () -> PropertyRunner.forAll(DIGITS)
                .onlySeed(failure.seed()).tries(500).shrinkWith(Shrinker.list(Shrinker.none()))
                .check(digits -> {
                    seen.add(digits);
                    noThreeBeforeSeven(digits);
                }));

        assertThat(seen.get(0)).as("the first value run is the one the seed names").isEqualTo(failure.original());
        assertThat(again.original()).isEqualTo(failure.original());
        assertThat(again.shrunk()).isEqualTo(failure.shrunk());
        assertThat(again.getMessage()).contains("try 1 of 1");
    }

    @Test
    void aPropertyThatHoldsRunsTheAskedNumberOfTriesOnDifferentValues() {
        List<List<Integer>> seen = new ArrayList<>();
        PropertyRunner.forAll(DIGITS).tries(300).check(seen::add);

        assertThat(seen).hasSize(300);
        assertThat(seen.stream().distinct().count()).isGreaterThan(250);
    }

    @Test
    void theSameRunSeedGivesTheSameValues() {
        List<List<Integer>> first = new ArrayList<>();
        List<List<Integer>> second = new ArrayList<>();
        PropertyRunner.forAll(DIGITS).runSeed(99).tries(20).check(first::add);
        PropertyRunner.forAll(DIGITS).runSeed(99).tries(20).check(second::add);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shrinkingKeepsToTheKindOfFailureFound() {
        // Lists of two or more elements fail an assertion; a shorter one trips a different exception,
        // which must not be taken for the same failure.
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () -> PropertyRunner.forAll(Gen.just(List.of(1, 2, 3, 4)))
                .tries(1).shrinkWith(Shrinker.list(Shrinker.none()))
                .check(list -> {
                    if (list.size() < 2) {
                        throw new IllegalStateException("harness broke");
                    }
                    throw new AssertionError("too long: " + list);
                }));

        assertThat(failure.shrunk()).isEqualTo(List.of(3, 4));
        assertThat(failure.getCause()).isInstanceOf(AssertionError.class);
    }

    @Test
    void shrinkingStopsAtItsBudget() {
        AtomicInteger runs = new AtomicInteger();
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> PropertyRunner.forAll(Gen.between(0, 9).list(40)).tries(1).shrinkBudget(5)
                        .shrinkWith(Shrinker.list(Shrinker.none()))
                        .check(list -> {
                            runs.incrementAndGet();
                            throw new AssertionError("always");
                        }));

        assertThat(runs).hasValue(1 + 5);
        assertThat(failure.getMessage()).contains("(5 candidates run)");
    }

    @Test
    void aSeedThatIsNotANumberIsRefusedNamingTheProperty() {
        String before = System.getProperty(PropertyRunner.SEED_PROPERTY);
        System.setProperty(PropertyRunner.SEED_PROPERTY, "12x");
        try {
            assertThatThrownBy(() -> PropertyRunner.forAll(DIGITS).check(digits -> {
            }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-Dpresence.property.seed must be a whole number, got '12x'");
        } finally {
            if (before == null) {
                System.clearProperty(PropertyRunner.SEED_PROPERTY);
            } else {
                System.setProperty(PropertyRunner.SEED_PROPERTY, before);
            }
        }
    }

    @Test
    void listCandidatesTryHalvesBeforeSingleElements() {
        List<List<Integer>> candidates = Shrinker.list(Shrinker.<Integer>none()).candidates(List.of(1, 2, 3, 4)).toList();

        assertThat(candidates).containsExactly(
                List.of(3, 4), List.of(1, 2),
                List.of(2, 3, 4), List.of(1, 3, 4), List.of(1, 2, 4), List.of(1, 2, 3));
        assertThat(Shrinker.list(Shrinker.<Integer>none()).candidates(List.of(5)).toList()).containsExactly(List.of());
        assertThat(Shrinker.list(Shrinker.<Integer>none()).candidates(List.of()).toList()).isEmpty();
    }

    @Test
    void longsBetweenCoversEveryRangeUpToTheWholeOfLong() {
        java.util.random.RandomGenerator random = new java.util.SplittableRandom(7);
        Gen<Long> whole = Gen.longsBetween(Long.MIN_VALUE, Long.MAX_VALUE);
        boolean negative = false;
        boolean positive = false;
        for (int i = 0; i < 100; i++) {
            long value = whole.next(random);
            negative |= value < 0;
            positive |= value > 0;
        }
        assertThat(negative && positive).isTrue();
        assertThat(Gen.longsBetween(Long.MAX_VALUE - 1, Long.MAX_VALUE).next(random)).isGreaterThanOrEqualTo(Long.MAX_VALUE - 1);
        assertThat(Gen.longsBetween(Long.MIN_VALUE, Long.MIN_VALUE).next(random)).isEqualTo(Long.MIN_VALUE);
        assertThat(Gen.longsBetween(Long.MAX_VALUE, Long.MAX_VALUE).next(random)).isEqualTo(Long.MAX_VALUE);
    }
}
