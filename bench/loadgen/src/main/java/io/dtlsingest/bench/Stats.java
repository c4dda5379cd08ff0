package io.dtlsingest.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Median, minimum and maximum of the runs of one figure.
 *
 * @param median the median of the runs (the mean of the middle two for an even count)
 * @param min the smallest run
 * @param max the largest run
 * @param runs how many runs
 */
record Stats(double median, double min, double max, int runs) {

    static <T> Stats of(List<T> runs, ToDoubleFunction<T> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        return of(values);
    }

    static Stats of(double... unsorted) {
        double[] values = unsorted.clone();
        Arrays.sort(values);
        int n = values.length;
        if (n == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        return new Stats(median, values[0], values[n - 1], n);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("median", round(median));
        map.put("min", round(min));
        map.put("max", round(max));
        map.put("runs", runs);
        return map;
    }

    /** "median (min to max)", rounded to {@code digits} decimals. */
    String describe(int digits) {
        String format = "%." + digits + "f";
        return String.format(format, median)
                + " ("
                + String.format(format, min)
                + " to "
                + String.format(format, max)
                + ")";
    }

    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 1000) / 1000.0;
    }
}
