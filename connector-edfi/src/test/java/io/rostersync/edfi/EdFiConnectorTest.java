package io.rostersync.edfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.core.connector.ConnectionCheck;
import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.events.PushCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdFiConnectorTest {

    private final EdFiConnector connector = new EdFiConnector();

    @Test
    void declaresNoCapabilities() {
        assertThat(connector.capabilities().entityTypes()).isEmpty();
        assertThat(connector.capabilities().pullModes()).isEmpty();
        assertThat(connector.capabilities().canPush()).isFalse();
    }

    @Test
    void pushAndCheckSayTheFeatureIsMissing() {
        assertThatThrownBy(() -> connector.push(new PushCommand("r", "i", null, List.of())))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unsupported"));
        ConnectionCheck check = connector.check(null);
        assertThat(check.reachable()).isFalse();
        assertThat(check.authenticated()).isFalse();
        assertThat(check.message()).isEqualTo("Ed-Fi pulls are not available in this version of RosterSync");
    }
}
