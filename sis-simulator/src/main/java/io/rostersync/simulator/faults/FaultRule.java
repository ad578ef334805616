package io.rostersync.simulator.faults;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * One fault for the requests whose path matches a Spring {@link PathPattern} ({@code /ims/oneroster/**},
 * {@code /data/v3/ed-fi/students}, ...). It hits the next {@code count} matching requests, or every one when
 * {@code count} is null.
 */
public final class FaultRule {

    /** What happens to a matching request. */
    public enum Kind {
        /** Answer {@code status} (default 503), with {@code Retry-After} when {@code retryAfterSeconds} > 0. */
        STATUS("status"),
        /** Delay the real response by {@code latencyMillis}. */
        LATENCY("latency"),
        /** Close the connection without any response (TCP RST). */
        RESET("reset"),
        /** Delay the real response by {@code latencyMillis} (default 30 s): longer than a client's read timeout. */
        TIMEOUT("timeout"),
        /** Answer 200 with a JSON content type and a truncated JSON body. */
        MALFORMED_JSON("malformed-json"),
        /** The real response without {@code X-Total-Count}, {@code Link} and Ed-Fi's {@code Total-Count}. */
        NO_PAGING_HEADERS("no-paging-headers"),
        /** The real response, but the last page also gets a {@code next} link, to an empty page. */
        EMPTY_NEXT_PAGE("empty-next-page"),
        /**
         * Tokens issued from now on expire after {@code tokenLifetimeSeconds} and/or {@code tokenMaxRequests}
         * requests; applies to both token endpoints, not to a path.
         */
        TOKEN_EXPIRY("token-expiry");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        static Kind of(String name) {
            return Arrays.stream(values()).filter(k -> k.json.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown fault kind '" + name + "'; use one of "
                            + Arrays.stream(values()).map(Kind::json).toList()));
        }
    }

    static final long DEFAULT_TIMEOUT_MILLIS = 30_000;

    private final String pathPattern;
    private final PathPattern pattern;
    private final Kind kind;
    private final int status;
    private final int retryAfterSeconds;
    private final long latencyMillis;
    private final Integer count;
    private final Integer tokenLifetimeSeconds;
    private final Integer tokenMaxRequests;
    private final AtomicInteger remaining;
    private final AtomicInteger applied = new AtomicInteger();

    FaultRule(String pathPattern, Kind kind, int status, int retryAfterSeconds, long latencyMillis, Integer count,
            Integer tokenLifetimeSeconds, Integer tokenMaxRequests) {
        this.pathPattern = pathPattern;
        this.pattern = PathPatternParser.defaultInstance.parse(pathPattern);
        this.kind = kind;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.latencyMillis = latencyMillis;
        this.count = count;
        this.tokenLifetimeSeconds = tokenLifetimeSeconds;
        this.tokenMaxRequests = tokenMaxRequests;
        this.remaining = count == null ? null : new AtomicInteger(count);
    }

    /** True if this rule applies to the path and still had a request left, which it then uses up. */
    boolean take(PathContainer path) {
        if (kind == Kind.TOKEN_EXPIRY || !pattern.matches(path)) {
            return false;
        }
        if (remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return false;
        }
        applied.incrementAndGet();
        return true;
    }

    public String pathPattern() {
        return pathPattern;
    }

    public String kind() {
        return kind.json();
    }

    Kind type() {
        return kind;
    }

    public int status() {
        return status;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public long latencyMillis() {
        return latencyMillis;
    }

    public Integer count() {
        return count;
    }

    /** Requests still to be hit, null for unlimited. */
    public Integer remaining() {
        return remaining == null ? null : remaining.get();
    }

    /** Requests hit so far. */
    public int applied() {
        return applied.get();
    }

    public Integer tokenLifetimeSeconds() {
        return tokenLifetimeSeconds;
    }

    public Integer tokenMaxRequests() {
        return tokenMaxRequests;
    }
}
