package backtest.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep grid: {@code --grid ema_fast=5:50:5 --grid ema_slow=20:200:20} -> every combination of the parameter
 * values (start:end:step inclusive, or a comma list {@code rsi=7,14,21}), in a stable order.
 */
public record GridSpec(Map<String, List<Double>> axes) {

    public GridSpec {
        axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    }

    public static GridSpec parse(List<String> grids) {
        Map<String, List<Double>> axes = new LinkedHashMap<>();
        for (String g : grids) {
            int eq = g.indexOf('=');
            if (eq <= 0 || eq == g.length() - 1) {
                throw new IllegalArgumentException("--grid must look like NAME=START:END:STEP or NAME=V1,V2,...; got '" + g + "'");
            }
            String name = g.substring(0, eq).trim();
            String spec = g.substring(eq + 1).trim();
            if (axes.containsKey(name)) {
                throw new IllegalArgumentException("--grid " + name + " given twice");
            }
            axes.put(name, values(name, spec));
        }
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("give at least one --grid");
        }
        return new GridSpec(axes);
    }

    private static List<Double> values(String name, String spec) {
        List<Double> out = new ArrayList<>();
        try {
            if (spec.contains(":")) {
                String[] p = spec.split(":");
                if (p.length != 3) {
                    throw new IllegalArgumentException("--grid " + name + ": range must be START:END:STEP");
                }
                double start = Double.parseDouble(p[0]);
                double end = Double.parseDouble(p[1]);
                double step = Double.parseDouble(p[2]);
                if (!(step > 0) || end < start) {
                    throw new IllegalArgumentException("--grid " + name + ": need STEP > 0 and END >= START");
                }
                long n = Math.round(Math.floor((end - start) / step + 1e-9)) + 1;
                if (n > 100_000) {
                    throw new IllegalArgumentException("--grid " + name + ": " + n + " values is too many");
                }
                for (long i = 0; i < n; i++) {
                    out.add(start + i * step);
                }
            } else {
                for (String v : spec.split(",")) {
                    out.add(Double.parseDouble(v.trim()));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--grid " + name + ": not a number in '" + spec + "'");
        }
        return out;
    }

    public long combinations() {
        long n = 1;
        for (List<Double> v : axes.values()) {
            n *= v.size();
        }
        return n;
    }

    /** Every combination, first axis varying slowest. */
    public List<Map<String, Double>> points() {
        List<Map<String, Double>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Double>> axis : axes.entrySet()) {
            List<Map<String, Double>> next = new ArrayList<>();
            for (Map<String, Double> p : out) {
                for (Double v : axis.getValue()) {
                    Map<String, Double> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            }
            out = next;
        }
        return out;
    }
}
