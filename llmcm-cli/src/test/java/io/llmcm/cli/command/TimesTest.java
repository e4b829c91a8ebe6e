package io.llmcm.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as flags take them (--ttl, --expires, serve's --drain-timeout and --unready-grace). */
class TimesTest {
    @Test
    void shortFormsAndIsoDurations() {
        assertThat(Times.duration("500ms", "--x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Times.duration("10s", "--x")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Times.duration("45m", "--x")).isEqualTo(Duration.ofMinutes(45));
        assertThat(Times.duration("12h", "--x")).isEqualTo(Duration.ofHours(12));
        assertThat(Times.duration("30d", "--x")).isEqualTo(Duration.ofDays(30));
        assertThat(Times.duration(" PT1M30S ", "--x")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Times.duration("0s", "--x")).isZero();
    }

    @Test
    void anythingElseNamesTheFlag() {
        assertThatThrownBy(() -> Times.duration("10 sec", "--drain-timeout")).isInstanceOf(InvalidInputException.class)
                .hasMessage("--drain-timeout '10 sec' is not a duration; use e.g. 30d, 12h, 45m, 90s or 500ms");
        assertThatThrownBy(() -> Times.duration("1w", "--ttl")).hasMessageStartingWith("--ttl '1w' is not a duration");
    }
}
