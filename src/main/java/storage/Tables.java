package storage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Run artefacts (fills, equity curves, sweep rankings) as tables: Parquet for DuckDB and pandas, JSON lines for
 * people and jq. Both are deterministic: the same table gives the same bytes. Existing files are replaced.
 */
public final class Tables {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** One value of a JSON lines file: no flush after each (the buffered file is flushed once, when closed). */
    private static final ObjectWriter LINE = JSON.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private Tables() {
    }

    /** Writes the columns (all of one length, names unique) as a snappy Parquet file. */
    public static void writeParquet(Path target, List<Column> columns) throws IOException {
        writeParquet(target, columns, Map.of());
    }

    /** As {@link #writeParquet(Path, List)}, with key-value pairs in the file footer (see {@link #footer}). */
    public static void writeParquet(Path target, List<Column> columns, Map<String, String> footer) throws IOException {
        int rows = checkColumns(target, columns);
        ColumnsParquet.write(target, List.copyOf(columns), rows, footer);
    }

    /**
     * A Parquet table written in chunks: the columns of {@code schema} (their values are not written, only their
     * names and types), then each {@link ParquetAppender#append}'s rows after the previous ones. The file is the
     * same, byte for byte, as {@link #writeParquet(Path, List, Map)} of all the rows at once, but only one chunk
     * needs to be in memory. Close it to finish the file (an unclosed file is not valid Parquet).
     */
    public static ParquetAppender openParquet(Path target, List<Column> schema, Map<String, String> footer)
            throws IOException {
        if (schema.isEmpty()) {
            throw new IllegalArgumentException("a Parquet table needs at least one column: " + target);
        }
        Set<String> names = new HashSet<>();
        for (Column c : schema) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("column '" + c.name() + "' appears twice: " + target);
            }
        }
        return new ColumnsParquet.Appender(target, schema, footer);
    }

    /** A Parquet file being written chunk by chunk ({@link #openParquet}). */
    public interface ParquetAppender extends java.io.Closeable {
        /** Appends the rows of {@code columns}: the table's columns, in its order, all of one length. */
        void append(List<Column> columns) throws IOException;

        /** Rows appended so far. */
        long rows();
    }

    /** The row count of columns that are all of one length with unique names; refuses others. */
    static int checkColumns(Path target, List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a Parquet table needs at least one column: " + target);
        }
        int rows = columns.get(0).size();
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("column '" + c.name() + "' appears twice: " + target);
            }
            if (c.size() != rows) {
                throw new IllegalArgumentException("column '" + c.name() + "' has " + c.size() + " rows, '"
                        + columns.get(0).name() + "' has " + rows + ": " + target);
            }
        }
        return rows;
    }

    /** The key-value pairs in a Parquet file's footer (ours always hold {@code writer=kline-pipeline}). */
    public static Map<String, String> footer(Path file) throws IOException {
        return ColumnsParquet.metadata(file);
    }

    /**
     * Writes one JSON object per line (UTF-8, "\n"). Keys keep the order of an ordered map ({@link LinkedHashMap},
     * {@link TreeMap}); any other map is written with its keys sorted, so output never depends on hashing.
     * NaN and infinite numbers become null (JSON has no NaN); java.time values are ISO-8601 strings.
     */
    public static void writeJsonLines(Path target, List<Map<String, Object>> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
             JsonGenerator g = JSON.getFactory().createGenerator(w)) {
            g.setRootValueSeparator(null); // each object alone on its line, as writeValueAsString wrote it
            for (Map<String, Object> row : rows) {
                if (clean(row)) {
                    write(g, row);
                } else {
                    LINE.writeValue(g, normalize(row));
                }
                g.writeRaw('\n');
            }
        }
    }

    /**
     * JSON texts of {@code values} as {@code mapper.writeValueAsString} writes each (null stays null): values made only of
     * ordered String-keyed maps, lists, strings, finite numbers (double, float, long, int), booleans and null are
     * written by one generator's calls, the calls Jackson's serializers make; any other value by {@code mapper}.
     */
    public static String[] jsonTexts(List<?> values, ObjectMapper mapper) throws IOException {
        String[] out = new String[values.size()];
        java.io.StringWriter text = new java.io.StringWriter();
        try (JsonGenerator g = mapper.getFactory().createGenerator(text)) {
            g.setRootValueSeparator(null);
            for (int i = 0; i < out.length; i++) {
                Object v = values.get(i);
                if (v == null) {
                    continue;
                }
                if (!simple(v)) {
                    out[i] = mapper.writeValueAsString(v);
                    continue;
                }
                text.getBuffer().setLength(0);
                write(g, v);
                g.flush();
                out[i] = text.toString();
            }
        }
        return out;
    }

    /** Whether {@link #write} writes {@code value} with no help from Jackson's serializers. */
    private static boolean simple(Object value) {
        return allLeaves(value, v -> switch (v) {
            case null -> true;
            case String t -> true;
            case Long l -> true;
            case Integer i -> true;
            case Boolean b -> true;
            case Double d -> Double.isFinite(d);
            case Float f -> Float.isFinite(f);
            default -> false;
        });
    }

    /**
     * Whether {@code value} is ordered String-keyed maps and lists all the way down, with every other value passing
     * {@code leaf} (a map of another kind fails).
     */
    private static boolean allLeaves(Object value, Predicate<Object> leaf) {
        if (value instanceof Map<?, ?> m) {
            if (!(m instanceof SequencedMap<?, ?>)) {
                return false;
            }
            for (var e : m.entrySet()) {
                if (!(e.getKey() instanceof String) || !allLeaves(e.getValue(), leaf)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> l) {
            for (Object v : l) {
                if (!allLeaves(v, leaf)) {
                    return false;
                }
            }
            return true;
        }
        return leaf.test(value);
    }

    /**
     * A clean value ({@link #clean}) written as Jackson's serializers write it - the same generator calls: maps as
     * objects in their order, lists as arrays, strings, finite doubles and floats, ints, longs, booleans and null -
     * without looking up a serializer for each value; any other value (an Instant, a BigDecimal...) through Jackson.
     */
    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Double d -> g.writeNumber(d.doubleValue());
            case Long l -> g.writeNumber(l.longValue());
            case Integer i -> g.writeNumber(i.intValue());
            case Boolean b -> g.writeBoolean(b);
            case Float f -> g.writeNumber(f.floatValue());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object v : l) {
                    write(g, v);
                }
                g.writeEndArray();
            }
            default -> LINE.writeValue(g, value);
        }
    }

    /**
     * Whether {@link #normalize} would give back the same JSON text for {@code value} without copying: no non-finite
     * number, every map ordered with String keys, no collection other than a list, no double[] - the common case
     * (run artefacts' rows), written as they are.
     */
    private static boolean clean(Object value) {
        return allLeaves(value, v -> switch (v) {
            case Double d -> Double.isFinite(d);
            case Float f -> Float.isFinite(f);
            case Collection<?> c -> false;
            case double[] d -> false;
            case null, default -> true;
        });
    }

    private static Object normalize(Object value) {
        return switch (value) {
            case Double d when !Double.isFinite(d) -> null;
            case Float f when !Float.isFinite(f) -> null;
            case Map<?, ?> m -> {
                Map<Object, Object> ordered = m instanceof SequencedMap<?, ?> ? new LinkedHashMap<>() : new TreeMap<>();
                m.forEach((k, v) -> ordered.put(String.valueOf(k), normalize(v)));
                yield ordered;
            }
            case Collection<?> c -> {
                List<Object> out = new ArrayList<>(c.size());
                c.forEach(v -> out.add(normalize(v)));
                yield out;
            }
            case double[] a -> {
                List<Object> out = new ArrayList<>(a.length);
                for (double v : a) {
                    out.add(normalize(v));
                }
                yield out;
            }
            case null, default -> value;
        };
    }
}
