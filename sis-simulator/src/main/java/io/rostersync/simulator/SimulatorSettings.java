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
 */
@Validated
@ConfigurationProperties(prefix = "simulator")
public record SimulatorSettings(@NotNull @Valid DistrictSize district, @NotNull @Valid OAuth oauth,
        @NotNull @Valid OneRoster oneRoster) {

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
