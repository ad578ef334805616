package io.rostersync.health.lag;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Consumer lag per group (messages written but not yet committed by the group, summed over its partitions), measured
 * with the Kafka admin client on a schedule and kept for the overview and the gauge, so a slow or absent broker never
 * slows a page.
 */
@Component
public class ConsumerLag implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final KafkaAdmin kafkaAdmin;
    private final LagSettings settings;
    private final Pattern groups;
    private final Clock clock;
    private Admin admin;
    private volatile Measurement last = new Measurement(null, List.of(), "not measured yet");

    ConsumerLag(KafkaAdmin kafkaAdmin, LagSettings settings, Clock clock) {
        this.kafkaAdmin = kafkaAdmin;
        this.settings = settings;
        this.groups = Pattern.compile(settings.groups());
        this.clock = clock;
    }

    /**
     * @param measuredAt when the groups were measured; null before the first success
     * @param groups the groups, largest lag first (the last successful measurement when the latest failed)
     * @param error why the latest measurement failed; null when it succeeded
     */
    public record Measurement(Instant measuredAt, List<GroupLag> groups, String error) {
    }

    /** @param partitions partitions the group has committed offsets for */
    public record GroupLag(String group, long lag, int partitions) {
    }

    public Measurement last() {
        return last;
    }

    @Scheduled(fixedDelayString = "${rostersync.health.consumer-lag.refresh}", initialDelay = 0)
    public void refresh() {
        try {
            last = new Measurement(clock.instant(), measure(), null);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("Measuring consumer lag failed; showing the previous measurement: {}", cause.toString());
            last = new Measurement(last.measuredAt(), last.groups(), "Kafka did not answer: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<GroupLag> measure() throws ExecutionException, InterruptedException, TimeoutException {
        Admin client = admin();
        long timeout = settings.timeout().toMillis();
        List<String> ids = new ArrayList<>();
        for (GroupListing listing : client.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(timeout, TimeUnit.MILLISECONDS)) {
            if (groups.matcher(listing.groupId()).matches()) {
                ids.add(listing.groupId());
            }
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                client.listConsumerGroupOffsets(specs).all().get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.values().forEach(offsets -> offsets.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                : client.listOffsets(latest).all().get(timeout, TimeUnit.MILLISECONDS);
        List<GroupLag> result = new ArrayList<>();
        committed.forEach((group, offsets) -> {
            long lag = 0;
            int partitions = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
                ListOffsetsResult.ListOffsetsResultInfo end = ends.get(entry.getKey());
                if (entry.getValue() == null || end == null) {
                    continue;
                }
                lag += Math.max(0, end.offset() - entry.getValue().offset());
                partitions++;
            }
            result.add(new GroupLag(group, lag, partitions));
        });
        result.sort(Comparator.comparingLong(GroupLag::lag).reversed().thenComparing(GroupLag::group));
        return result;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }
}
