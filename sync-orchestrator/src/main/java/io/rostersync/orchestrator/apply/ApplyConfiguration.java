package io.rostersync.orchestrator.apply;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.cursors.SyncCursors;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApplyConfiguration {

    @Bean
    BatchApplier batchApplier(Firestore firestore, SyncRuns runs, io.rostersync.core.integrations.Integrations integrations,
                              io.rostersync.core.kafka.EventPublisher publisher, Clock clock) {
        return new BatchApplier(firestore, runs, integrations, publisher, clock);
    }

    @Bean
    RunCompletion runCompletion(Firestore firestore, SyncRuns runs, SyncCursors cursors, Clock clock) {
        return new RunCompletion(firestore, runs, cursors, clock);
    }

    @Bean
    SyncRecordsListener syncRecordsListener(EventCodec codec, BatchApplier applier, RunCompletion completion, RunDispatcher dispatcher,
                                            io.rostersync.orchestrator.push.PushRuns pushRuns,
                                            io.rostersync.orchestrator.holds.MassChangeGuard guard,
                                            io.rostersync.orchestrator.reconciliation.ReconciliationCollector reconciliation,
                                            Firestore firestore, SyncCursors cursors, SyncRuns runs) {
        return new SyncRecordsListener(codec, applier, completion, dispatcher, pushRuns, guard, reconciliation,
                new ExpiredCursors(firestore, cursors, runs, dispatcher));
    }

    @Bean
    ResolutionsListener resolutionsListener(EventCodec codec, Firestore firestore, Clock clock,
                                            io.rostersync.orchestrator.push.PushRequests pushes) {
        return new ResolutionsListener(codec, firestore, clock, pushes);
    }
}
