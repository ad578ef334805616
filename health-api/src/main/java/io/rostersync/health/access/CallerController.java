package io.rostersync.health.access;

import io.rostersync.core.security.Role;
import java.util.Arrays;
import java.util.Comparator;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Who the token belongs to, so the dashboard can offer only the actions the caller's role allows. */
@RestController
class CallerController {

    /** @param role the highest role of the token: {@code viewer}, {@code operator} or {@code admin} */
    record Caller(String name, String role) {
    }

    @GetMapping("/api/me")
    Mono<Caller> me(Authentication authentication) {
        Role role = Arrays.stream(Role.values())
                .filter(r -> authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .anyMatch(a -> a.equals("ROLE_" + r.name())))
                .max(Comparator.naturalOrder()).orElse(Role.VIEWER);
        return Mono.just(new Caller(authentication.getName(), role.name().toLowerCase()));
    }
}
