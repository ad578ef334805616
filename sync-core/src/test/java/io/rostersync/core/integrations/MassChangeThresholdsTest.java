package io.rostersync.core.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MassChangeThresholdsTest {

    private final MassChangeThresholds defaults = MassChangeThresholds.DEFAULTS;

    @Test
    void moreThanTheLimitCrossesAndExactlyTheLimitDoesNot() {
        assertThat(defaults.deletesCross(10, 100)).isFalse();
        assertThat(defaults.deletesCross(11, 100)).isTrue();
        assertThat(defaults.updatesCross(75, 100)).isFalse();
        assertThat(defaults.updatesCross(76, 100)).isTrue();
    }

    @Test
    void smallEntityTypesAreNotGuarded() {
        assertThat(defaults.guards(49)).isFalse();
        assertThat(defaults.deletesCross(49, 49)).isFalse();
        assertThat(defaults.guards(50)).isTrue();
        assertThat(defaults.guards(0)).isFalse();
    }

    @Test
    void oneHundredPercentTurnsACheckOff() {
        MassChangeThresholds noDeleteCheck = new MassChangeThresholds(100, 75, 50);

        assertThat(noDeleteCheck.deletesCross(1000, 1000)).isFalse();
    }
}
