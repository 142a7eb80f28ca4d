package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code app.symbols}: parsing, what is accepted, the default symbol and how the setting reads back. */
class SymbolsTest {
    @Test
    void a_list_accepts_exactly_its_symbols_and_the_first_is_the_default() {
        Symbols s = Symbols.parse(" ETHUSDT , BTCUSDT");

        assertThat(s.listed()).containsExactly("ETHUSDT", "BTCUSDT");
        assertThat(s.any()).isFalse();
        assertThat(s.defaultSymbol()).isEqualTo("ETHUSDT");
        assertThat(s.accepts("BTCUSDT")).isTrue();
        assertThat(s.accepts("SOLUSDT")).isFalse();
        assertThat(s.toString()).isEqualTo("ETHUSDT,BTCUSDT");
    }

    @Test
    void a_star_accepts_every_valid_symbol_and_alone_defaults_to_btcusdt() {
        Symbols star = Symbols.parse("*");
        assertThat(star.listed()).isEmpty();
        assertThat(star.any()).isTrue();
        assertThat(star.defaultSymbol()).isEqualTo(Symbols.FALLBACK).isEqualTo("BTCUSDT");
        assertThat(star.accepts("SOLUSDT")).isTrue();
        assertThat(star.accepts("solusdt")).isFalse();
        assertThat(star.accepts("../X")).isFalse();
        assertThat(star.accepts(null)).isFalse();
        assertThat(star.toString()).isEqualTo("*");

        Symbols both = Symbols.parse("ETHUSDT,*");
        assertThat(both.defaultSymbol()).isEqualTo("ETHUSDT");
        assertThat(both.accepts("SOLUSDT")).isTrue();
        assertThat(both.toString()).isEqualTo("ETHUSDT,*");
    }

    @Test
    void a_symbol_is_two_to_twenty_capitals_or_digits() {
        assertThat(Symbols.valid("BT")).isTrue();
        assertThat(Symbols.valid("A".repeat(20))).isTrue();
        assertThat(Symbols.valid("1000SATSUSDT")).isTrue();
        assertThat(Symbols.valid("B")).isFalse();
        assertThat(Symbols.valid("A".repeat(21))).isFalse();
        assertThat(Symbols.valid("BTC-USDT")).isFalse();
        assertThat(Symbols.valid("")).isFalse();
        assertThat(Symbols.valid(null)).isFalse();
    }

    @Test
    void bad_entries_are_refused_naming_the_entry() {
        assertThatThrownBy(() -> Symbols.parse("BTCUSDT,,ETHUSDT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an empty entry in the list");
        assertThatThrownBy(() -> Symbols.parse("BTCUSDT,eth")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'eth' is not a symbol");
        assertThatThrownBy(() -> Symbols.parse("BTCUSDT,ETHUSDT,BTCUSDT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BTCUSDT is listed twice");
    }

    @Test
    void the_list_is_a_copy() {
        List<String> names = new java.util.ArrayList<>(List.of("BTCUSDT"));
        Symbols s = new Symbols(names, false);
        names.add("ETHUSDT");
        assertThat(s.listed()).containsExactly("BTCUSDT");
        assertThat(Symbols.of("BTCUSDT", "ETHUSDT")).isEqualTo(new Symbols(List.of("BTCUSDT", "ETHUSDT"), false));
    }
}
