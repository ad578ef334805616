package io.rostersync.simulator;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import io.rostersync.simulator.district.DistrictSize;

/**
 * Everything the simulator can be told at start-up. Defaults live in {@code sis-simulator.yml}.
 *
 * @param district the generated district (seed and sizes)
 * @param oauth    token endpoint clients and token lifetime
 * @param oneRoster paging bounds of the OneRoster API
 * @param oneRosterV1p1 OAuth 1.0a checks of the OneRoster 1.1 API
 * @param edFi      paging bounds and token cap of the Ed-Fi API
 */
@Validated
@ConfigurationProperties(prefix = "simulator")
public record SimulatorSettings(@NotNull @Valid DistrictSize district, @NotNull @Valid OAuth oauth,
        @NotNull @Valid OneRoster oneRoster, @NotNull @Valid OneRosterV1p1 oneRosterV1p1, @NotNull @Valid EdFi edFi) {

    /**
     * @param timestampWindow a signed request whose {@code oauth_timestamp} is further than this from now is refused
     */
    public record OneRosterV1p1(@NotNull Duration timestampWindow) {
    }

    /**
     * @param defaultLimit       page size without {@code limit} (the ODS/API uses 25)
     * @param maxLimit           larger {@code limit}/{@code pageSize} values are refused with 400 (the ODS/API: 500)
     * @param maxTokensPerClient live tokens one client may hold; one more is answered 429 (clients must reuse tokens)
     */
    public record EdFi(@Min(1) int defaultLimit, @Min(1) @Max(100_000) int maxLimit, @Min(1) int maxTokensPerClient) {
    }

    /**
     * @param tokenLifetime how long an access token stays valid
     * @param clients       the registered OAuth 2 clients
     */
    public record OAuth(@NotNull Duration tokenLifetime, @NotEmpty List<@Valid Client> clients) {
    }

    /**
     * @param clientId     client id for the client credentials grant
     * @param clientSecret its secret (demo data only; never use a real secret here)
     * @param scopes       scopes this client may be granted
     */
    public record Client(@NotBlank String clientId, @NotBlank String clientSecret, @NotEmpty List<String> scopes) {
    }

    /**
     * @param defaultLimit page size when a request has no {@code limit} (the spec says 100)
     * @param maxLimit     larger limits are clamped to this, to bound the memory one request can use
     */
    public record OneRoster(@Min(1) int defaultLimit, @Min(1) @Max(100_000) int maxLimit) {
    }
}
