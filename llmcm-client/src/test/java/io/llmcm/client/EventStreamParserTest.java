package io.llmcm.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.client.EventStreamParser.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The WHATWG event-stream rules, fed as bytes in every way a network can cut them. */
class EventStreamParserTest {
    private final List<Event> events = new ArrayList<>();
    private final List<Long> retries = new ArrayList<>();
    private final EventStreamParser parser = new EventStreamParser(events::add, retries::add);

    private List<Event> parse(String stream) {
        byte[] b = stream.getBytes(StandardCharsets.UTF_8);
        parser.feed(b, 0, b.length);
        return events;
    }

    /** Parses {@code bytes} fed in chunks cut at the given points. */
    private static List<Event> parseCut(byte[] bytes, int... cuts) {
        List<Event> out = new ArrayList<>();
        EventStreamParser p = new EventStreamParser(out::add, r -> { });
        int from = 0;
        for (int c : cuts) {
            p.feed(bytes, from, c - from);
            from = c;
        }
        p.feed(bytes, from, bytes.length - from);
        return out;
    }

    @Test
    void theWatchEventsOfTheProtocol() {
        List<Event> e = parse("""
                event: ready
                id: 41
                data: {"revision":41}

                event: change
                id: 57
                data: {"revision":57,"changes":[
                data: {"path":"models/old","deleted":true}]}

                : a comment
                event: heartbeat
                id: 60
                data: {"revision":60}

                """);
        assertThat(e).containsExactly(
                new Event("41", "ready", "{\"revision\":41}"),
                new Event("57", "change", "{\"revision\":57,\"changes\":[\n{\"path\":\"models/old\",\"deleted\":true}]}"),
                new Event("60", "heartbeat", "{\"revision\":60}"));
        assertThat(parser.lastEventId()).isEqualTo("60");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void everyLineEndEndsALine(String eol) {
        String s = String.join(eol, "event: a", "id: 1", "data: x", "data: y", "", "data: z", "", "");
        assertThat(parse(s)).containsExactly(new Event("1", "a", "x\ny"), new Event("1", "message", "z"));
    }

    @Test
    void mixedLineEndsInOneStream() {
        assertThat(parse("data: a\r\ndata: b\rdata: c\n\r\n")).containsExactly(new Event("", "message", "a\nb\nc"));
    }

    @Test
    void aChunkMayEndAnywhereEvenBetweenCrAndLf() {
        String s = "event: change\r\nid: 7\r\ndata: {\"v\":\"é€😀\"}\r\n: c\r\n\r\nid: 8\r\ndata: two\r\n\r\n";
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        List<Event> whole = parseCut(b);
        assertThat(whole).containsExactly(new Event("7", "change", "{\"v\":\"é€😀\"}"), new Event("8", "message", "two"));
        for (int i = 0; i <= b.length; i++) {
            assertThat(parseCut(b, i)).as("cut at %d", i).isEqualTo(whole);
        }
        Random r = new Random(42);
        for (int run = 0; run < 200; run++) {
            int[] cuts = r.ints(r.nextInt(6), 0, b.length + 1).sorted().toArray();
            assertThat(parseCut(b, cuts)).as("cuts %s", java.util.Arrays.toString(cuts)).isEqualTo(whole);
        }
        int[] everyByte = java.util.stream.IntStream.range(1, b.length).toArray();
        assertThat(parseCut(b, everyByte)).isEqualTo(whole);
    }

    @Test
    void oneSpaceAfterTheColonIsDropped() {
        assertThat(parse("data:x\n\ndata:  y\n\ndata: \n\n")).containsExactly(
                new Event("", "message", "x"), new Event("", "message", " y"), new Event("", "message", ""));
    }

    @Test
    void aFieldWithoutColonHasAnEmptyValue() {
        assertThat(parse("data\ndata\n\nevent\ndata: x\n\n")).containsExactly(
                new Event("", "message", "\n"), new Event("", "message", "x"));
    }

    @Test
    void noDataNoEventButTheIdStillCounts() {
        assertThat(parse("event: ping\nid: 5\n\n")).isEmpty();
        assertThat(parser.lastEventId()).isEqualTo("5");
        assertThat(parse("data: after\n\n")).containsExactly(new Event("5", "message", "after"));
    }

    @Test
    void theIdIsTakenAtTheEmptyLineAndAnIdWithNulIsIgnored() {
        parse("id: 3\ndata: a\n\nid: 4\n");
        assertThat(parser.lastEventId()).as("not dispatched yet").isEqualTo("3");
        parse("\nid: 9\0\ndata: b\n\n");
        assertThat(events).containsExactly(new Event("3", "message", "a"), new Event("4", "message", "b"));
        assertThat(parser.lastEventId()).isEqualTo("4");
        parse("id\ndata: c\n\n");
        assertThat(parser.lastEventId()).as("an empty id resets it").isEmpty();
    }

    @Test
    void anUnfinishedEventIsNotDispatched() {
        assertThat(parse("data: done\n\ndata: half")).containsExactly(new Event("", "message", "done"));
        assertThat(parse("\n")).as("the line ends, the event does not").hasSize(1);
    }

    @Test
    void commentsAndUnknownFieldsAreIgnored() {
        assertThat(parse(":hello\n: keep-alive\nfoo: bar\ndata: x\n:\n\n")).containsExactly(new Event("", "message", "x"));
    }

    @Test
    void aLeadingBomIsSkippedOnlyAtTheStart() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        parser.feed(bom, 0, 3);
        parse("data: a\n\n");
        assertThat(events).containsExactly(new Event("", "message", "a"));
    }

    @Test
    void retryTakesDigitsOnly() {
        parse("retry: 1500\nretry: 15x\nretry: -1\nretry:\ndata: x\n\n");
        assertThat(retries).containsExactly(1500L);
    }

    @Test
    void theEventTypeIsResetAfterEachEvent() {
        assertThat(parse("event: change\ndata: 1\n\ndata: 2\n\n")).extracting(Event::type).containsExactly("change", "message");
    }
}
