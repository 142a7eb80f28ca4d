package storage;

import java.util.Objects;

/**
 * One named column of a table: {@code values} is the array its {@link ColumnType} names ({@code long[]},
 * {@code double[]}, {@code String[]}, {@code boolean[]}). Not copied. Use the typed factories.
 */
public record Column(String name, ColumnType type, Object values) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(values, "values");
        boolean fits = switch (type) {
            case LONG, TIMESTAMP_MILLIS -> values instanceof long[];
            case DOUBLE -> values instanceof double[];
            case STRING -> values instanceof String[];
            case BOOLEAN -> values instanceof boolean[];
        };
        if (!fits) {
            throw new IllegalArgumentException("column '" + name + "' of type " + type + " cannot hold "
                    + values.getClass().getSimpleName());
        }
    }

    public static Column longs(String name, long[] values) {
        return new Column(name, ColumnType.LONG, values);
    }

    public static Column doubles(String name, double[] values) {
        return new Column(name, ColumnType.DOUBLE, values);
    }

    public static Column strings(String name, String[] values) {
        return new Column(name, ColumnType.STRING, values);
    }

    public static Column timestamps(String name, long[] epochMillis) {
        return new Column(name, ColumnType.TIMESTAMP_MILLIS, epochMillis);
    }

    public static Column booleans(String name, boolean[] values) {
        return new Column(name, ColumnType.BOOLEAN, values);
    }

    public int size() {
        return switch (values) {
            case long[] a -> a.length;
            case double[] a -> a.length;
            case String[] a -> a.length;
            case boolean[] a -> a.length;
            default -> throw new IllegalStateException("unreachable");
        };
    }
}
