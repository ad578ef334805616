package io.rostersync.simulator.edfi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;

/**
 * What the official DS 5.0 resources and descriptors OpenAPI files say about a resource: its operations and the
 * properties its body schema requires. Read from {@code shared/specs}, like {@link EdFiConformance}.
 */
final class EdFiSpec {

    private static OpenAPI resources;
    private static OpenAPI descriptors;

    private EdFiSpec() {
    }

    private static synchronized OpenAPI spec(String resource) {
        if (EdFiResources.isDescriptor(resource)) {
            if (descriptors == null) {
                descriptors = read("edfi-descriptors-ds-5.0.openapi.yaml");
            }
            return descriptors;
        }
        if (resources == null) {
            resources = read("edfi-resources-ds-5.0.openapi.yaml");
        }
        return resources;
    }

    private static OpenAPI read(String file) {
        OpenAPI api = new OpenAPIV3Parser().read(EdFiConformance.spec(file).toUri().toString());
        if (api == null) {
            throw new IllegalStateException("Could not read " + file);
        }
        return api;
    }

    /** "GET /data/v3/ed-fi/schools", "PUT /data/v3/ed-fi/schools/{id}", ...: every operation the spec has for it. */
    static List<String> operations(String resource) {
        List<String> operations = new ArrayList<>();
        for (String path : List.of("/ed-fi/" + resource, "/ed-fi/" + resource + "/{id}")) {
            PathItem item = spec(resource).getPaths().get(path);
            if (item == null) {
                continue;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> operation : item.readOperationsMap().entrySet()) {
                operations.add(operation.getKey() + " /data/v3" + path);
            }
        }
        return operations;
    }

    /** The properties the POST body schema of the resource marks required. */
    static List<String> required(String resource) {
        OpenAPI spec = spec(resource);
        Schema<?> body = spec.getPaths().get("/ed-fi/" + resource).getPost().getRequestBody().getContent()
                .get("application/json").getSchema();
        String name = body.get$ref().substring(body.get$ref().lastIndexOf('/') + 1);
        List<String> required = spec.getComponents().getSchemas().get(name).getRequired();
        return required == null ? List.of() : required;
    }
}
