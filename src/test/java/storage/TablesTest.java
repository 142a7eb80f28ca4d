package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.DuckDb;

class TablesTest {
    private static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z

    @TempDir
    Path dir;

    private static List<Column> fills() {
        return List.of(
                Column.timestamps("ts", new long[] {T0, T0 + 60_000, T0 + 120_000}),
                Column.strings("side", new String[] {"BUY", null, "SELL"}),
                Column.doubles("price", new double[] {42_000.5, Double.NaN, 42_100.25}),
                Column.longs("bar", new long[] {0, 1, 2}),
                Column.booleans("maker", new boolean[] {true, false, false}));
    }

    @Test
    void duckdb_reads_types_back() throws Exception {
        Path file = dir.resolve("fills.parquet");
        Tables.writeParquet(file, fills());
        List<List<Object>> types = DuckDb.query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
                + DuckDb.parquet(file) + ")");
        assertThat(types).containsExactly(List.of("ts", "TIMESTAMP WITH TIME ZONE"), List.of("side", "VARCHAR"),
                List.of("price", "DOUBLE"), List.of("bar", "BIGINT"), List.of("maker", "BOOLEAN"));
    }

    @Test
    void duckdb_reads_values_back_with_nan_and_null_as_null() throws Exception {
        Path file = dir.resolve("fills.parquet");
        Tables.writeParquet(file, fills());
        List<List<Object>> rows = DuckDb.query("SELECT epoch_ms(ts), side, price, bar, maker FROM "
                + DuckDb.parquet(file) + " ORDER BY bar");
        assertThat(rows).containsExactly(
                List.of(T0, "BUY", 42_000.5, 0L, true),
                java.util.Arrays.asList(T0 + 60_000, null, null, 1L, false),
                List.of(T0 + 120_000, "SELL", 42_100.25, 2L, false));
        Object ts = DuckDb.single("SELECT ts FROM " + DuckDb.parquet(file) + " WHERE bar = 0");
        assertThat(((OffsetDateTime) ts).toInstant()).isEqualTo(Instant.ofEpochMilli(T0));
    }

    @Test
    void same_table_gives_identical_parquet_bytes() throws Exception {
        Path a = dir.resolve("a.parquet");
        Path b = dir.resolve("b.parquet");
        Tables.writeParquet(a, fills());
        Tables.writeParquet(b, fills());
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        Tables.writeParquet(a, fills()); // replaces an existing file
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void rejects_ragged_or_duplicate_columns() {
        Path file = dir.resolve("bad.parquet");
        assertThatThrownBy(() -> Tables.writeParquet(file, List.of(Column.longs("a", new long[2]),
                Column.doubles("b", new double[3])))).hasMessageContaining("'b' has 3 rows");
        assertThatThrownBy(() -> Tables.writeParquet(file, List.of(Column.longs("a", new long[2]),
                Column.longs("a", new long[2])))).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> new Column("a", ColumnType.DOUBLE, new long[1])).hasMessageContaining("cannot hold");
    }

    @Test
    void json_lines_keep_ordered_keys_sort_others_and_null_nan() throws Exception {
        Map<String, Object> ranked = new LinkedHashMap<>();
        ranked.put("rank", 1);
        ranked.put("fast", 12);
        ranked.put("sharpe", Double.NaN);
        ranked.put("at", Instant.ofEpochMilli(T0));
        Map<String, Object> hashed = new HashMap<>(Map.of("zeta", 1, "alpha", List.of(1.5, Double.POSITIVE_INFINITY),
                "mid", Map.of("b", 2, "a", 1)));
        Path file = dir.resolve("rank.jsonl");
        Tables.writeJsonLines(file, List.of(ranked, hashed));
        assertThat(Files.readString(file)).isEqualTo("""
                {"rank":1,"fast":12,"sharpe":null,"at":"2024-01-01T00:00:00Z"}
                {"alpha":[1.5,null],"mid":{"a":1,"b":2},"zeta":1}
                """);
        List<List<Object>> back = DuckDb.query("SELECT rank, fast FROM read_json_auto('"
                + file.toAbsolutePath() + "') WHERE rank IS NOT NULL");
        assertThat(back).containsExactly(List.of(1L, 12L));
    }

    /**
     * The lines are the former ones - {@code writeValueAsString} of the normalized copy of each row, a line each - on
     * random rows: clean ones (ordered maps of strings, finite numbers, lists, instants: now written as they are) and
     * ones that need the copy (NaN and infinities, float too, hash maps, non-String keys, sets, double[], deep nests).
     */
    @Test
    void json_lines_are_the_former_lines_for_clean_and_unclean_rows() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper former = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        java.util.Random r = new java.util.Random(8);
        int cleanRows = 0;
        for (int file = 0; file < 40; file++) {
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            StringBuilder want = new StringBuilder();
            for (int k = r.nextInt(30); k > 0; k--) {
                boolean clean = r.nextBoolean();
                @SuppressWarnings("unchecked")
                Map<String, Object> row = (Map<String, Object>) (Map<?, ?>) randomMap(r, clean, 0);
                rows.add(row);
                want.append(former.writeValueAsString(formerNormalize(row))).append('\n');
                cleanRows += clean ? 1 : 0;
            }
            Path f = dir.resolve("rows" + file + ".jsonl");
            Tables.writeJsonLines(f, rows);
            assertThat(Files.readString(f)).isEqualTo(want.toString());
        }
        assertThat(cleanRows).isGreaterThan(100);
    }

    /**
     * Clean rows of every value kind the direct writer handles (and some it hands to Jackson: BigDecimal, Short,
     * Instant, enums), including empty and nested maps and lists, against Jackson's writeValueAsString of the row.
     */
    @Test
    void json_lines_of_clean_rows_are_jacksons_text_for_every_kind_of_value() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper jackson = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        java.util.Random r = new java.util.Random(9);
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        StringBuilder want = new StringBuilder();
        for (int k = 0; k < 3_000; k++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int f = r.nextInt(8); f > 0; f--) {
                row.put("f\u00e9\"" + r.nextInt(20), kind(r, 0));
            }
            rows.add(row);
            want.append(jackson.writeValueAsString(row)).append('\n');
        }
        Path f = dir.resolve("kinds.jsonl");
        Tables.writeJsonLines(f, rows);
        assertThat(Files.readString(f)).isEqualTo(want.toString());
    }

    /** jsonTexts gives each value's writeValueAsString, whichever mapper: plain, or with java.time. */
    @Test
    void json_texts_are_write_value_as_string_of_each_value() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper time = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        com.fasterxml.jackson.databind.ObjectMapper plain = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Random r = new java.util.Random(10);
        List<Object> values = new java.util.ArrayList<>();
        List<Object> plainValues = new java.util.ArrayList<>();
        for (int k = 0; k < 3_000; k++) {
            values.add(kind(r, 0));
            Map<String, Object> window = new LinkedHashMap<>(); // an LLM decision's features_window
            window.put("from", Instant.ofEpochMilli(T0 + r.nextInt(1_000_000)).toString());
            window.put("to", "2024-01-0" + r.nextInt(10) + "T00:00:00Z");
            window.put("rows", r.nextLong(30));
            window.put("every", r.nextBoolean() ? "1h" : null);
            window.put("x", List.of(r.nextDouble(), -0.0, r.nextInt(), r.nextBoolean(), Double.NaN));
            plainValues.add(r.nextInt(5) == 0 ? null : r.nextInt(4) == 0 ? (Object) Double.NaN : window);
        }
        String[] got = Tables.jsonTexts(values, time);
        String[] gotPlain = Tables.jsonTexts(plainValues, plain);
        for (int i = 0; i < values.size(); i++) {
            assertThat(got[i]).isEqualTo(values.get(i) == null ? null : time.writeValueAsString(values.get(i)));
            assertThat(gotPlain[i]).isEqualTo(plainValues.get(i) == null ? null
                    : plain.writeValueAsString(plainValues.get(i)));
        }
    }

    private static Object kind(java.util.Random r, int depth) {
        return switch (r.nextInt(depth > 2 ? 13 : 15)) {
            case 0 -> r.nextInt();
            case 1 -> r.nextBoolean();
            case 2 -> r.nextLong();
            case 3 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL) * (r.nextBoolean() ? 1 : -1);
            case 4 -> r.nextDouble() * 1e5 - 5e4;
            case 5 -> (float) r.nextGaussian();
            case 6 -> null;
            case 7 -> "t\t\u0001\u2028\ud83d\ude00<" + r.nextInt(9);
            case 8 -> new java.math.BigDecimal(r.nextGaussian()).setScale(r.nextInt(12), java.math.RoundingMode.HALF_UP);
            case 9 -> (short) r.nextInt(1000);
            case 10 -> Instant.ofEpochMilli(T0 + r.nextInt(1_000_000));
            case 11 -> java.time.DayOfWeek.values()[r.nextInt(7)];
            case 12 -> -0.0;
            case 13 -> {
                List<Object> l = new java.util.ArrayList<>();
                for (int k = r.nextInt(4); k > 0; k--) {
                    l.add(kind(r, depth + 1));
                }
                yield r.nextBoolean() ? l : java.util.Collections.unmodifiableList(l);
            }
            default -> {
                Map<String, Object> m = r.nextBoolean() ? new LinkedHashMap<>() : new java.util.TreeMap<>();
                for (int k = r.nextInt(4); k > 0; k--) {
                    m.put("k" + r.nextInt(9), kind(r, depth + 1));
                }
                yield m;
            }
        };
    }

    private static Object randomValue(java.util.Random r, boolean clean, int depth) {
        int kinds = depth > 2 ? 6 : 9;
        return switch (r.nextInt(kinds)) {
            case 0 -> r.nextInt(3) == 0 ? -0.0 : r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15);
            case 1 -> clean ? (double) r.nextLong() : List.of(Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY).get(r.nextInt(3));
            case 2 -> r.nextLong();
            case 3 -> "s\"é\n" + r.nextInt(100);
            case 4 -> r.nextBoolean() ? null : Instant.ofEpochMilli(T0 + r.nextInt(1_000_000));
            case 5 -> clean ? (Object) (float) r.nextGaussian() : r.nextBoolean() ? (Object) Float.NaN
                    : new double[] {1.5, Double.NaN};
            case 6 -> {
                List<Object> l = new java.util.ArrayList<>();
                for (int k = r.nextInt(4); k > 0; k--) {
                    l.add(randomValue(r, clean, depth + 1));
                }
                yield clean || r.nextBoolean() ? l : new java.util.LinkedHashSet<>(l);
            }
            default -> randomMap(r, clean, depth + 1);
        };
    }

    private static Map<Object, Object> randomMap(java.util.Random r, boolean clean, int depth) {
        Map<Object, Object> m = clean || r.nextBoolean() ? new LinkedHashMap<>() : new HashMap<>();
        for (int k = r.nextInt(6); k > 0; k--) {
            Object key = !clean && r.nextInt(8) == 0 ? (Object) r.nextInt(50) : "k" + r.nextInt(50);
            m.put(key, randomValue(r, clean, depth));
        }
        return m;
    }

    /** Tables.normalize as it was. */
    private static Object formerNormalize(Object value) {
        return switch (value) {
            case Double d when !Double.isFinite(d) -> null;
            case Float f when !Float.isFinite(f) -> null;
            case Map<?, ?> m -> {
                Map<Object, Object> ordered = m instanceof java.util.SequencedMap<?, ?> ? new LinkedHashMap<>()
                        : new java.util.TreeMap<>();
                m.forEach((k, v) -> ordered.put(String.valueOf(k), formerNormalize(v)));
                yield ordered;
            }
            case java.util.Collection<?> c -> {
                List<Object> out = new java.util.ArrayList<>(c.size());
                c.forEach(v -> out.add(formerNormalize(v)));
                yield out;
            }
            case double[] a -> {
                List<Object> out = new java.util.ArrayList<>(a.length);
                for (double v : a) {
                    out.add(formerNormalize(v));
                }
                yield out;
            }
            case null, default -> value;
        };
    }

    @Test
    void timestamps_are_utc_instants() throws Exception {
        Path file = dir.resolve("eq.parquet");
        Tables.writeParquet(file, List.of(Column.timestamps("ts", new long[] {T0}), Column.doubles("equity",
                new double[] {10_000})));
        Object hour = DuckDb.single("SELECT strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') FROM "
                + DuckDb.parquet(file));
        assertThat(hour).isEqualTo("2024-01-01 00:00");
        assertThat(OffsetDateTime.ofInstant(Instant.ofEpochMilli(T0), ZoneOffset.UTC).getYear()).isEqualTo(2024);
    }
}
