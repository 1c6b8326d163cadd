package dev.presence.bench.load;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent: a few users are watched
 * by many, most by few, as follower counts are.
 */
public final class Zipf {

    private final double[] cumulative;

    public Zipf(int n, double exponent) {
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1.0 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < n; rank++) {
            cumulative[rank] /= sum;
        }
    }

    public int next(SplittableRandom random) {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        return index >= 0 ? index : Math.min(-index - 1, cumulative.length - 1);
    }
}
