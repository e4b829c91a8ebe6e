package io.llmcm.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConditionTest {
    private static AccessRequest from(String ip) {
        return new AccessRequest(new Principal("key:x", "x", "", Set.of()), Permission.WRITE, Resource.SECRET, "acme", "db/password",
                "prod", Instant.parse("2026-06-01T10:00:00Z"), ip);
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
        "10.0.0.1, 10.0.0.0/8, true",
        "9.255.255.255, 10.0.0.0/8, false",
        "192.168.7.9, 192.168.4.0/22, true",
        "192.168.8.1, 192.168.4.0/22, false",
        "203.0.113.5, 203.0.113.5, true",
        "203.0.113.5, 203.0.113.5/32, true",
        "203.0.113.6, 203.0.113.5/32, false",
        "1.2.3.4, 0.0.0.0/0, true",
        "2001:db8::1, 2001:db8::/32, true",
        "2001:db9::1, 2001:db8::/32, false",
        "2001:db8::1, 10.0.0.0/8, false",
        "10.0.0.1, ::/0, false",
        "::1, ::1/128, true",
    })
    void ipInRangeMatchesByPrefix(String ip, String cidr, boolean inside) {
        assertThat(IpRanges.inRange(ip, cidr)).isEqualTo(inside);
        assertThat(Condition.compile("ipInRange(request.ip, '" + cidr + "')").holds(from(ip))).isEqualTo(inside);
    }

    @Test
    void everyRequestFieldIsThere() {
        Condition c = Condition.compile("request.tenant == 'acme' && request.path.startsWith('db/') && request.env == 'prod'"
                + " && request.permission == 'write' && request.resource == 'secret' && request.ip == '10.0.0.1'"
                + " && request.time == timestamp('2026-06-01T10:00:00Z')");

        assertThat(c.holds(from("10.0.0.1"))).isTrue();
        assertThat(c.holds(from("10.0.0.2"))).isFalse();
        assertThat(c.expression()).startsWith("request.tenant");
    }

    @Test
    void compilingIsDoneOnceAndAnEmptyConditionAlwaysHolds() {
        assertThat(Condition.compile(" request.env == 'prod' ")).isSameAs(Condition.compile("request.env == 'prod'"));
        assertThat(Condition.compile("")).isSameAs(Condition.ALWAYS);
        assertThat(Condition.ALWAYS.holds(from(""))).isTrue();
        assertThatThrownBy(() -> Condition.compile("ipInRange(request.ip, 'ten/8')")).isInstanceOf(InvalidInputException.class)
                .hasMessage("'ten/8' is not an address range like 10.0.0.0/8 or fd00::/8");
        assertThatThrownBy(() -> Condition.compile("1 + 1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must return bool");
    }

    @Test
    void aConditionThatLoopsIsCutShortAndDenies() {
        String thousand = java.util.stream.IntStream.range(0, 1000).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(","));
        assertThat(Condition.compile("[" + thousand + "].all(x, x >= 0)").holds(from("10.0.0.1"))).isTrue();
        assertThat(Condition.compile("[" + thousand + ",1000].all(x, x >= 0)").holds(from("10.0.0.1")))
                .as("1001 iterations are more than a condition may take").isFalse();
    }
}
