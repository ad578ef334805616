package io.rostersync.simulator.oneroster;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import io.rostersync.simulator.district.EntityType;

/**
 * The OneRoster 1.1 rostering collections and their by-id reads, over the same district and the same paging,
 * filter, sort and field code as 1.2. Requests are OAuth 1.0a signed ({@link OneRosterV1p1Authorization}).
 */
@RestController
@RequestMapping(path = OneRosterV1p1Controller.BASE, produces = MediaType.APPLICATION_JSON_VALUE)
class OneRosterV1p1Controller {

    static final String BASE = "/ims/oneroster/v1p1";

    private final OneRosterController v1p2;

    OneRosterV1p1Controller(OneRosterController v1p2) {
        this.v1p2 = v1p2;
    }

    private record Collection(String wrapper, String singleWrapper, EntityType type, String what) {
    }

    private static Collection collection(String name) {
        return switch (name) {
            case "orgs" -> new Collection("orgs", "org", EntityType.ORGS, "org");
            case "academicSessions" -> new Collection("academicSessions", "academicSession",
                    EntityType.ACADEMIC_SESSIONS, "academic session");
            case "courses" -> new Collection("courses", "course", EntityType.COURSES, "course");
            case "classes" -> new Collection("classes", "class", EntityType.CLASSES, "class");
            case "users" -> new Collection("users", "user", EntityType.USERS, "user");
            case "enrollments" -> new Collection("enrollments", "enrollment", EntityType.ENROLLMENTS, "enrollment");
            case "demographics" -> new Collection("demographics", "demographics", EntityType.DEMOGRAPHICS,
                    "demographics");
            default -> throw OneRosterException.notFound("collection", name);
        };
    }

    @GetMapping("/{collection:orgs|academicSessions|courses|classes|users|enrollments|demographics}")
    ResponseEntity<ObjectNode> list(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params,
            @PathVariable String collection) {
        Collection c = collection(collection);
        return v1p2.list(request, params, c.wrapper(), c.type(), r -> true, OneRosterDialect.V1P1);
    }

    @GetMapping("/{collection:orgs|academicSessions|courses|classes|users|enrollments|demographics}/{sourcedId}")
    ResponseEntity<ObjectNode> single(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params,
            @PathVariable String collection, @PathVariable String sourcedId) {
        Collection c = collection(collection);
        return v1p2.single(request, params, c.singleWrapper(), c.type(), sourcedId, r -> true, c.what(),
                OneRosterDialect.V1P1);
    }
}
