package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IsoTimesTest {
    private static long parse(String s) {
        byte[] b = ("x" + s + "y").getBytes(StandardCharsets.US_ASCII);
        return IsoTimes.parse(b, 1, b.length - 1);
    }

    @Test
    void reads_the_two_forms_our_exports_print() {
        assertThat(parse("2024-01-01T00:00:00Z")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());
        assertThat(parse("2024-02-29T23:59:59.999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli());
        assertThat(parse("1970-01-01T00:00:00.000Z")).isZero();
    }

    @Test
    void refuses_anything_else() {
        for (String bad : new String[] {"2024-01-01 00:00:00Z", "2024-01-01T00:00:00", "2024-01-01T00:00:00+00:00",
            "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:60Z", "2024-01-01T00:00:00.99Z", "2024-01-01T00:00:00.9999Z", "1704067200000",
            "2024-01-0xT00:00:00Z", "", "2024-01-01t00:00:00z"}) {
            assertThat(parse(bad)).as(bad).isEqualTo(IsoTimes.INVALID);
        }
    }
}
