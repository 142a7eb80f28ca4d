package api;

import com.fasterxml.jackson.core.JsonGenerator;
import features.Bars;
import features.FeatureFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Feature rows as the API's JSON: the members of {@code head} first, then {@code columns}, {@code count} and
 * {@code rows} - one object per bar: {@code open_time} (ISO-8601 UTC), {@code open, high, low, close, volume},
 * {@code filled} (the bar is or holds a forward-filled minute), then the indicator columns, null inside their warm-up.
 * The column names and values are those {@code features compute} writes to Parquet ({@code ts} is
 * {@code open_time} here); doubles are written in their shortest exact form, so they read back to the same bits.
 */
public final class FeatureRowsJson {
    /** The bar columns of every row, before the indicators'. */
    public static final List<String> BAR_COLUMNS = List.of("open_time", "open", "high", "low", "close", "volume", "filled");

    private FeatureRowsJson() {
    }

    /** Rows {@code [from, to)} of {@code frame}. */
    public static byte[] write(Map<String, Object> head, FeatureFrame frame, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (to - from) * 220);
        try (JsonGenerator g = ApiJson.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : head.entrySet()) {
                if (e.getValue() != null) {
                    g.writeFieldName(e.getKey());
                    ApiJson.MAPPER.writeValue(g, e.getValue());
                }
            }
            g.writeArrayFieldStart("columns");
            for (String c : columns(frame)) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeNumberField("count", to - from);
            g.writeArrayFieldStart("rows");
            Bars b = frame.bars();
            Map<String, double[]> indicators = frame.columns();
            for (int i = from; i < to; i++) {
                g.writeStartObject();
                g.writeStringField("open_time", Instant.ofEpochMilli(b.openTime[i]).toString());
                g.writeNumberField("open", b.open[i]);
                g.writeNumberField("high", b.high[i]);
                g.writeNumberField("low", b.low[i]);
                g.writeNumberField("close", b.close[i]);
                g.writeNumberField("volume", b.volume[i]);
                g.writeBooleanField("filled", b.filled(i));
                for (Map.Entry<String, double[]> c : indicators.entrySet()) {
                    double v = c.getValue()[i];
                    if (!Double.isFinite(v)) { // JSON has no NaN or infinity
                        g.writeNullField(c.getKey());
                    } else {
                        g.writeNumberField(c.getKey(), v);
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every column of a row, in order. */
    public static List<String> columns(FeatureFrame frame) {
        List<String> all = new ArrayList<>(BAR_COLUMNS);
        all.addAll(frame.columns().keySet());
        return all;
    }
}
