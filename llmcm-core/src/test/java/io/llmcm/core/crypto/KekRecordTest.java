package io.llmcm.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.KeyException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KekRecordTest {
    @Test
    void recordsRoundTripAsSortedJson() {
        KekRecord r = new KekRecord("env", Map.of("version", "2", "check", "AQID", "variable", "K"));
        assertThat(new String(r.toBytes())).isEqualTo("{\"type\":\"env\",\"params\":{\"check\":\"AQID\",\"variable\":\"K\",\"version\":\"2\"}}");
        assertThat(KekRecord.fromBytes(r.toBytes())).isEqualTo(r);
    }

    @Test
    void previousParametersAreKeptAndDroppedAsAGroup() {
        KekRecord old = new KekRecord("env", Map.of("version", "1", "check", "A"));
        KekRecord next = new KekRecord("env", Map.of("version", "2", "check", "B")).withPrevious(old);
        assertThat(next.rotating()).isTrue();
        assertThat(next.params()).containsEntry("previous.version", "1").containsEntry("previous.check", "A");
        assertThat(next.previous()).isEqualTo(old);
        assertThat(next.settled()).isEqualTo(new KekRecord("env", Map.of("version", "2", "check", "B")));
        assertThat(next.settled().previous()).isNull();
    }

    @Test
    void damagedRecordsAreKeyErrorsAndToStringHidesTheCheck() {
        assertThatThrownBy(() -> KekRecord.fromBytes("[1]".getBytes()))
                .isInstanceOf(KeyException.class)
                .hasMessage("the master key record of this store is damaged: not a key record");
        assertThatThrownBy(() -> new KekRecord("env", Map.of()).version())
                .hasMessage("the master key record of this store is damaged: it lacks 'version'");
        KekRecord r = new KekRecord("file", Map.of("version", "3", "check", "SECRETCHECK"));
        assertThat(r.toString()).isEqualTo("KekRecord[file:3]").doesNotContain("SECRETCHECK");
    }
}
