package io.rostersync.simulator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.rostersync.simulator.SimulatorSettings;
import io.rostersync.simulator.district.DistrictSize;

class AccessTokensTest {

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final AccessTokens tokens = new AccessTokens(new SimulatorSettings(new DistrictSize(1, 1, 1, 1, 1, 1, 1, 1),
            new SimulatorSettings.OAuth(Duration.ofSeconds(3600),
                    List.of(new SimulatorSettings.Client("c", "s", OneRosterScopes.ALL))),
            new SimulatorSettings.OneRoster(100, 10_000), new SimulatorSettings.OneRosterV1p1(Duration.ofMinutes(5)),
            new SimulatorSettings.EdFi(25, 500, 20)), clock);

    @Test
    void tokenIsValidUntilItsLifetimeEnds() {
        AccessToken token = tokens.issue("c", Set.of(OneRosterScopes.ROSTER_CORE));
        assertThat(token.expiresAt()).isEqualTo(clock.now.plusSeconds(3600));
        clock.now = clock.now.plusSeconds(3599);
        assertThat(tokens.valid(token.value())).contains(token);
        clock.now = clock.now.plusSeconds(1);
        assertThat(tokens.valid(token.value())).isEmpty();
    }

    @Test
    void unknownTokensAreNotValidAndTokensAreUnique() {
        AccessToken a = tokens.issue("c", Set.of());
        AccessToken b = tokens.issue("c", Set.of());
        assertThat(a.value()).isNotEqualTo(b.value()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(tokens.valid("nope")).isEmpty();
        tokens.revokeAll();
        assertThat(tokens.valid(a.value())).isEmpty();
    }
}
