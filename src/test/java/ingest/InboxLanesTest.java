package ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InboxLanesTest {
    private static final Path INBOX = Path.of("/inbox");

    private static Path f(String name) {
        return INBOX.resolve(name);
    }

    @Test
    void one_file_per_symbol_at_most_capacity_at_once() {
        InboxLanes lanes = new InboxLanes(2, "BTCUSDT");
        assertThat(lanes.tryStart(f("BTCUSDT-1m-2024-01.zip"))).isTrue();
        assertThat(lanes.tryStart(f("BTCUSDT-1m-2024-02.zip"))).as("same symbol: waits").isFalse();
        assertThat(lanes.tryStart(f("klines_1m_2024-03.csv"))).as("an export without symbol is the default's").isFalse();
        assertThat(lanes.tryStart(f("ETHUSDT-1m-2024-01.zip"))).isTrue();
        assertThat(lanes.tryStart(f("SOLUSDT-1m-2024-01.zip"))).as("both slots taken").isFalse();
        assertThat(lanes.busy()).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(lanes.tryStart(f("BTCUSDT-1m-2024-01.zip"))).as("already started").isFalse();

        lanes.finish(f("BTCUSDT-1m-2024-01.zip"));
        lanes.finish(f("never-started.zip")); // ignored
        assertThat(lanes.busy()).containsExactly("ETHUSDT");
        assertThat(lanes.tryStart(f("BTCUSDT-1m-2024-02.zip"))).isTrue();
        lanes.finish(f("ETHUSDT-1m-2024-01.zip"));
        assertThat(lanes.tryStart(f("notes.txt"))).isTrue();
        assertThat(lanes.tryStart(f("X.CHECKSUM"))).as("no data file: one lane for them all").isFalse();
        assertThat(lanes.busy()).containsExactly("BTCUSDT", InboxLanes.OTHER);
    }

    @Test
    void lanes_by_file_name() {
        InboxLanes lanes = new InboxLanes(1, "BTCUSDT");
        assertThat(lanes.laneOf("ETHUSDT-1m-2024-02-03.zip")).isEqualTo("ETHUSDT");
        assertThat(lanes.laneOf("SOLUSDT_klines_1m_2024-02.csv")).isEqualTo("SOLUSDT");
        assertThat(lanes.laneOf("klines_1m_2024-02.csv")).isEqualTo("BTCUSDT");
        assertThat(lanes.laneOf("ETHUSDT-1m-2024-02.zip.CHECKSUM")).isEqualTo(InboxLanes.OTHER);
        assertThat(lanes.capacity()).isEqualTo(1);
        assertThatThrownBy(() -> new InboxLanes(0, "BTCUSDT")).isInstanceOf(IllegalArgumentException.class);
    }
}
