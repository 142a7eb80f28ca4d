package storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON form of {@link Offsets} (snake_case keys, ISO-8601 UTC times, pretty-printed, stable key order). */
public final class OffsetsCodec {
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private OffsetsCodec() {
    }

    public static byte[] toBytes(Offsets offsets) {
        try {
            return JSON.writeValueAsBytes(offsets);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise offsets", e);
        }
    }

    public static Offsets read(Path file) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), Offsets.class);
    }

    /**
     * Sets up the mapper and its {@link Offsets} (de)serialisers by writing and reading back an empty document:
     * start-up runs it on a thread of its own while the command line is parsed (its static Jackson set-up was ~10 % of
     * a command's start-up on the main thread). Harmless to call any time; it changes nothing stored.
     */
    public static void warmUp() {
        try {
            JSON.readValue(toBytes(Offsets.empty("BTCUSDT")), Offsets.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read back an empty offsets document", e);
        }
    }
}
