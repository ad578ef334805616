package io.rostersync.simulator.oneroster;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The OneRoster error body ({@code imsx_StatusInfoDType}); failures are always {@code failure}/{@code error}.
 */
public record ImsxStatus(@JsonProperty("imsx_codeMajor") String codeMajor,
        @JsonProperty("imsx_severity") String severity, @JsonProperty("imsx_description") String description,
        @JsonProperty("imsx_CodeMinor") CodeMinor codeMinor) {

    public record CodeMinor(@JsonProperty("imsx_codeMinorField") List<CodeMinorField> fields) {
    }

    public record CodeMinorField(@JsonProperty("imsx_codeMinorFieldName") String name,
            @JsonProperty("imsx_codeMinorFieldValue") String value) {
    }

    public static ImsxStatus failure(String codeMinor, String description) {
        return new ImsxStatus("failure", "error", description,
                new CodeMinor(List.of(new CodeMinorField("TargetEndSystem", codeMinor))));
    }
}
