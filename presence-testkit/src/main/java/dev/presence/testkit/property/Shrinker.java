package dev.presence.testkit.property;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Smaller or simpler versions of a failing value, the most promising first. {@link PropertyRunner}
 * keeps the first candidate that still fails the same way and asks again, until none does.
 * Candidates are produced lazily: the runner usually stops long before the end of the stream.
 */
@FunctionalInterface
public interface Shrinker<T> {

    Stream<T> candidates(T value);

    /** No candidates: the failing value is reported as generated. */
    static <T> Shrinker<T> none() {
        return value -> Stream.empty();
    }

    /**
     * Lists: first without a run of elements (a half, then quarters, eighths ... down to single
     * elements, so that a long list loses most of its length in a few tries), then with one element
     * replaced by one of its own candidates.
     */
    static <E> Shrinker<List<E>> list(Shrinker<E> elements) {
        return list -> Stream.concat(withoutRuns(list), withOneSimpler(list, elements));
    }

    /** A value made of a list of parts, shrunk as that list (a script of steps, a call of targets). */
    static <T, E> Shrinker<T> asList(Function<T, List<E>> parts, Function<List<E>, T> rebuild, Shrinker<E> elements) {
        Shrinker<List<E>> lists = list(elements);
        return value -> lists.candidates(parts.apply(value)).map(rebuild);
    }

    /** Integers towards zero: zero, then half way, then one closer. */
    static Shrinker<Integer> towardsZero() {
        return n -> {
            if (n == 0) {
                return Stream.empty();
            }
            return Stream.of(0, n / 2, n - Integer.signum(n)).distinct().filter(c -> c != n);
        };
    }

    private static <E> Stream<List<E>> withoutRuns(List<E> list) {
        int size = list.size();
        Stream<Integer> runLengths = Stream.iterate(size / 2, run -> run >= 1, run -> run == 1 ? 0 : (run + 1) / 2);
        if (size == 1) {
            runLengths = Stream.of(1);
        }
        return runLengths.flatMap(run -> IntStream.iterate(0, start -> start + run <= size, start -> start + run)
                .mapToObj(start -> {
                    List<E> shorter = new ArrayList<>(size - run);
                    shorter.addAll(list.subList(0, start));
                    shorter.addAll(list.subList(start + run, size));
                    return shorter;
                }));
    }

    private static <E> Stream<List<E>> withOneSimpler(List<E> list, Shrinker<E> elements) {
        return IntStream.range(0, list.size()).boxed().flatMap(index -> elements.candidates(list.get(index))
                .map(simpler -> {
                    List<E> copy = new ArrayList<>(list);
                    copy.set(index, simpler);
                    return copy;
                }));
    }
}
