package backtest.plugin;

import java.util.List;

/**
 * One parameter a strategy plug-in takes in its YAML {@code strategy} block: its key, type, default (null: the key is
 * required), inclusive bounds for numbers and the choices of an {@link Type#ENUM}. The config parser checks a value
 * against it and names the key path in a refusal ({@code strategy.period: must be a whole number within [2, 500],
 * got 1}); a sweep ({@code --grid period=10:30:5}) varies the {@link Type#INT} and {@link Type#DOUBLE} ones with the
 * same check.
 *
 * @param name        the key under {@code strategy} (snake_case; not {@code type}, {@code decision_every} or {@code size_pct})
 * @param type        what values it takes
 * @param dflt        the value when the key is absent (Integer, Double, Boolean or String by type), or null if required
 * @param min         lower bound of a number (inclusive), or null
 * @param max         upper bound of a number (inclusive), or null
 * @param choices     the values of an ENUM (empty otherwise)
 * @param description one line for the docs and the API
 */
public record ParamSpec(String name, Type type, Object dflt, Double min, Double max, List<String> choices,
                        String description) {
    /** The kinds of values a parameter takes. {@code MAPPING} is a free-form block (the built-in llm's {@code llm}). */
    public enum Type { INT, DOUBLE, BOOL, STRING, ENUM, MAPPING }

    public ParamSpec {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("parameter name must be snake_case, got '" + name + "'");
        }
        choices = List.copyOf(choices == null ? List.of() : choices);
        description = description == null ? "" : description;
    }

    /** A whole number within [min, max] (default {@code dflt}). */
    public static ParamSpec integer(String name, int dflt, int min, int max) {
        return new ParamSpec(name, Type.INT, dflt, (double) min, (double) max, List.of(), "");
    }

    /** A number within [min, max] (default {@code dflt}). */
    public static ParamSpec decimal(String name, double dflt, double min, double max) {
        return new ParamSpec(name, Type.DOUBLE, dflt, min, max, List.of(), "");
    }

    public static ParamSpec bool(String name, boolean dflt) {
        return new ParamSpec(name, Type.BOOL, dflt, null, null, List.of(), "");
    }

    /** A non-empty text; {@code dflt} null makes it required. */
    public static ParamSpec text(String name, String dflt) {
        return new ParamSpec(name, Type.STRING, dflt, null, null, List.of(), "");
    }

    /** One of {@code choices} (default {@code dflt}). */
    public static ParamSpec choice(String name, String dflt, String... choices) {
        return new ParamSpec(name, Type.ENUM, dflt, null, null, List.of(choices), "");
    }

    /** This parameter with a one-line description. */
    public ParamSpec describe(String text) {
        return new ParamSpec(name, type, dflt, min, max, choices, text);
    }

    /** Whether a sweep may vary it (a number). */
    public boolean numeric() {
        return type == Type.INT || type == Type.DOUBLE;
    }

    /**
     * The number {@code v} as this parameter's value (Integer or Double), or an IllegalArgumentException saying why
     * not (no key in the message: the caller prefixes it).
     */
    public Object number(double v) {
        if (!numeric()) {
            throw new IllegalArgumentException("is a " + type.name().toLowerCase(java.util.Locale.ROOT)
                    + " parameter, not a number");
        }
        boolean whole = type == Type.INT;
        if (!Double.isFinite(v) || (whole && v != Math.rint(v)) || (min != null && v < min) || (max != null && v > max)) {
            throw new IllegalArgumentException((whole ? "must be a whole number" + bounds() : bounds().isEmpty()
                    ? "must be a finite number" : "must be" + bounds()) + ", got " + fmt(v));
        }
        return whole ? (Object) (int) v : (Object) v;
    }

    private String bounds() {
        if (type == Type.INT && max != null && max >= Integer.MAX_VALUE) {
            return min == null ? "" : min == 1 ? " > 0" : " >= " + fmt(min);
        }
        if (min != null && max != null) {
            return " within [" + fmt(min) + ", " + fmt(max) + "]";
        }
        return min != null ? " >= " + fmt(min) : max != null ? " <= " + fmt(max) : "";
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
