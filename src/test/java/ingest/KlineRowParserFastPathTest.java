package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import storage.KlineColumns;

/**
 * The one-pass reading of the usual line ({@code KlineRowParser.fastLine}) against the field-by-field reading it
 * falls back to: on valid rows and on rows with random damage, both give the same rows (bit for bit) or the same
 * refusal (code, line, field, message).
 */
class KlineRowParserFastPathTest {
    private static final String FILE = "BTCUSDT-1m-2023-01-21.csv";
    private static final long DAY_START = Instant.parse("2023-01-21T00:00:00Z").toEpochMilli();
    private static final long DAY_END = Instant.parse("2023-01-22T00:00:00Z").toEpochMilli();
    private static final byte[] NOISE = "0123456789.,-\r\n e+x\u0000".getBytes(StandardCharsets.ISO_8859_1);

    /** What a parse gave: the rows, or the refusal. */
    private record Result(KlineColumns rows, Rejection refusal, String unit) {
    }

    private static Result parse(byte[] csv, boolean fast) {
        KlineRowParser p = new KlineRowParser(FILE, DAY_START, DAY_END, false, fast);
        KlineColumns out = new KlineColumns(16);
        try {
            // two batches, so that the second starts with the time unit known
            int cut = csv.length / 2;
            while (cut < csv.length && csv[cut - 1] != '\n') {
                cut++;
            }
            long lines = 1;
            for (int i = 0; i < cut; i++) {
                lines += csv[i] == '\n' ? 1 : 0;
            }
            p.parse(new LineBatch(csv, cut, 1, 0), out);
            byte[] rest = java.util.Arrays.copyOfRange(csv, cut, csv.length);
            p.parse(new LineBatch(rest, rest.length, lines, 0), out);
            return new Result(out, null, p.timeUnit());
        } catch (IngestRejectedException e) {
            return new Result(out, e.rejection(), p.timeUnit());
        }
    }

    private static String decimal(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> "0.00000000";
            case 1 -> r.nextInt(100) + "." + String.format("%08d", r.nextInt(100_000_000)); // short
            case 2 -> (1 + r.nextInt(99_999_999)) + "." + String.format("%08d", r.nextInt(100_000_000)); // 16-17 digits
            case 3 -> "0.000000000000000000" + (1 + r.nextInt(9)); // over 18 digits, 1 significant
            case 4 -> (1 + r.nextInt(9)) + "2345678901234567890.5"; // over 18 significant digits
            case 5 -> String.valueOf(1 + r.nextInt(1_000_000)); // no fraction
            case 6 -> "00" + (1 + r.nextInt(9)) + ".5"; // leading zeros
            default -> (10_000 + r.nextInt(60_000)) + "." + String.format("%02d", r.nextInt(100)) + "000000";
        };
    }

    private static String csv(Random r, boolean micros) {
        StringBuilder sb = new StringBuilder();
        int rows = 2 + r.nextInt(6);
        long t = DAY_START + 60_000L * r.nextInt(1000);
        for (int i = 0; i < rows; i++, t += 60_000) {
            String[] p = {decimal(r), decimal(r), decimal(r), decimal(r)};
            double[] v = new double[4];
            for (int k = 0; k < 4; k++) {
                v[k] = Double.parseDouble(p[k]);
            }
            // mostly consistent OHLC: high the largest, low the smallest
            if (r.nextInt(40) > 0) {
                java.util.Arrays.sort(p, java.util.Comparator.comparingDouble(Double::parseDouble));
                String low = p[0];
                String high = p[3];
                p = new String[] {p[1], high, low, p[2]};
            }
            String unit = micros ? "000" : "";
            long close = t + (r.nextInt(50) == 0 ? 60_000 : 59_999);
            sb.append(t).append(unit).append(',').append(String.join(",", p)).append(',').append(decimal(r))
                    .append(',').append(close).append(micros ? "999" : "").append(',').append(decimal(r)).append(',')
                    .append(r.nextInt(100_000)).append(',').append(decimal(r)).append(',').append(decimal(r)).append(',')
                    .append(switch (r.nextInt(6)) {
                        case 0 -> "";
                        case 1 -> "1.5";
                        default -> "0";
                    });
            sb.append(switch (r.nextInt(5)) {
                case 0 -> "\r\n";
                case 1 -> i == rows - 1 ? "" : "\n";
                default -> "\n";
            });
            if (r.nextInt(10) == 0) {
                sb.append('\n'); // a blank line
            }
        }
        return sb.toString();
    }

    private static byte[] damage(Random r, byte[] b) {
        byte[] out = b.clone();
        int n = r.nextInt(3);
        for (int k = 0; k < n && out.length > 0; k++) {
            int at = r.nextInt(out.length);
            byte c = NOISE[r.nextInt(NOISE.length)];
            switch (r.nextInt(3)) {
                case 0 -> out[at] = c;
                case 1 -> {
                    byte[] grown = new byte[out.length + 1];
                    System.arraycopy(out, 0, grown, 0, at);
                    grown[at] = c;
                    System.arraycopy(out, at, grown, at + 1, out.length - at);
                    out = grown;
                }
                default -> {
                    byte[] shrunk = new byte[out.length - 1];
                    System.arraycopy(out, 0, shrunk, 0, at);
                    System.arraycopy(out, at + 1, shrunk, at, out.length - at - 1);
                    out = shrunk;
                }
            }
        }
        return out;
    }

    @Test
    void one_pass_and_field_by_field_readings_agree_on_valid_and_damaged_rows() {
        Random r = new Random(20261201);
        int accepted = 0;
        int refused = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] text = csv(r, r.nextInt(3) == 0).getBytes(StandardCharsets.ISO_8859_1);
            byte[] input = trial % 4 == 0 ? text : damage(r, text);
            Result fast = parse(input, true);
            Result slow = parse(input, false);
            String what = new String(input, StandardCharsets.ISO_8859_1);
            assertThat(describe(fast.refusal())).as(what).isEqualTo(describe(slow.refusal()));
            assertThat(fast.unit()).as(what).isEqualTo(slow.unit());
            assertSameRows(fast.rows(), slow.rows(), what);
            if (slow.refusal() == null) {
                accepted++;
            } else {
                refused++;
            }
        }
        // both kinds of outcome occur often enough for the comparison to mean something
        assertThat(accepted).isGreaterThan(1_000);
        assertThat(refused).isGreaterThan(1_000);
    }

    private static String describe(Rejection r) {
        return r == null ? "accepted" : r.code() + " " + r.file() + ":" + r.line() + " " + r.field() + " " + r.message();
    }

    private static void assertSameRows(KlineColumns a, KlineColumns b, String what) {
        assertThat(a.size()).as(what).isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.sameRow(i, b, i)).as(what + " row " + i).isTrue();
        }
    }
}
