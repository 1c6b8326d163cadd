package dev.presence.testkit.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A generator of values from a random source. Deterministic: the same source state gives the same
 * value, so that a failing case is rebuilt from its seed alone (see {@link PropertyRunner}).
 */
@FunctionalInterface
public interface Gen<T> {

    T next(RandomGenerator random);

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(next(random));
    }

    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> mapper) {
        return random -> mapper.apply(next(random)).next(random);
    }

    /**
     * Values that pass {@code accepted}, drawn again until one does. For conditions that hold often;
     * one that almost never holds fails after a thousand draws rather than looping.
     */
    default Gen<T> filter(Predicate<? super T> accepted) {
        return random -> {
            for (int draw = 0; draw < 1_000; draw++) {
                T value = next(random);
                if (accepted.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("a filter rejected 1000 values in a row: generate what it accepts instead");
        };
    }

    /** Lists of this generator's values, their size uniform in [min, max]. */
    default Gen<List<T>> list(int min, int max) {
        Gen<Integer> sizes = between(min, max);
        return random -> {
            int size = sizes.next(random);
            List<T> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(next(random));
            }
            return values;
        };
    }

    default Gen<List<T>> list(int size) {
        return list(size, size);
    }

    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    /** Integers uniform in [min, max]. */
    static Gen<Integer> between(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        return random -> random.nextInt(min, max + 1);
    }

    /** Longs uniform in [min, max]. */
    static Gen<Long> longsBetween(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return RandomGenerator::nextLong;  // min - 1 below would wrap around to the top
        }
        return random -> max == Long.MAX_VALUE ? random.nextLong(min - 1, max) + 1 : random.nextLong(min, max + 1);
    }

    /** One of {@code values}, each as likely; null is a value like any other. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(Arrays.asList(values));
    }

    static <T> Gen<T> of(List<T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        List<T> choices = new ArrayList<>(values);
        return random -> choices.get(random.nextInt(choices.size()));
    }

    /** One of {@code generators}, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        List<Gen<? extends T>> choices = List.of(generators);
        return random -> choices.get(random.nextInt(choices.size())).next(random);
    }

    /** A generator with the weight it is chosen with among others. */
    record Weighted<T>(int weight, Gen<? extends T> generator) {
        public Weighted {
            if (weight <= 0) {
                throw new IllegalArgumentException("a weight must be positive, got " + weight);
            }
            Objects.requireNonNull(generator);
        }
    }

    static <T> Weighted<T> weight(int weight, Gen<? extends T> generator) {
        return new Weighted<>(weight, generator);
    }

    /** One of the generators, chosen in proportion to its weight. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<T>... choices) {
        return frequency(List.of(choices));
    }

    static <T> Gen<T> frequency(List<Weighted<T>> choices) {
        List<Weighted<T>> copy = List.copyOf(choices);
        int total = copy.stream().mapToInt(Weighted::weight).sum();
        return random -> {
            int pick = random.nextInt(total);
            for (Weighted<T> choice : copy) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.generator().next(random);
                }
            }
            throw new IllegalStateException("unreachable: the weights add up to " + total);
        };
    }

    static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> combiner) {
        return random -> {
            A first = a.next(random);
            return combiner.apply(first, b.next(random));
        };
    }

    static <A, B, C, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Function3<A, B, C, R> combiner) {
        return random -> {
            A first = a.next(random);
            B second = b.next(random);
            return combiner.apply(first, second, c.next(random));
        };
    }

    static <A, B, C, D, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Function4<A, B, C, D, R> combiner) {
        return random -> {
            A first = a.next(random);
            B second = b.next(random);
            C third = c.next(random);
            return combiner.apply(first, second, third, d.next(random));
        };
    }

    static <A, B, C, D, E, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Gen<E> e,
                                             Function5<A, B, C, D, E, R> combiner) {
        return random -> {
            A first = a.next(random);
            B second = b.next(random);
            C third = c.next(random);
            D fourth = d.next(random);
            return combiner.apply(first, second, third, fourth, e.next(random));
        };
    }

    @FunctionalInterface
    interface Function3<A, B, C, R> {
        R apply(A a, B b, C c);
    }

    @FunctionalInterface
    interface Function4<A, B, C, D, R> {
        R apply(A a, B b, C c, D d);
    }

    @FunctionalInterface
    interface Function5<A, B, C, D, E, R> {
        R apply(A a, B b, C c, D d, E e);
    }
}
