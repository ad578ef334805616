package io.rostersync.health.web;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Firestore and {@code publishAndWait} block; run them on the bounded elastic pool so the Netty event loop
 * keeps serving other requests while one waits for the emulator, Firestore or the broker.
 */
public final class BlockingCalls {

    private BlockingCalls() {
    }

    public static <T> Mono<T> offEventLoop(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
