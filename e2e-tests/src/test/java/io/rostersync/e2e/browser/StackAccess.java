package io.rostersync.e2e.browser;

import io.rostersync.localstack.LocalStack;
import java.lang.reflect.Method;

/**
 * The end-to-end stack of this JVM, from {@code io.rostersync.e2e.StackFixture}. That fixture is package-private to
 * the e2e package, and the browser tests live in their own package; until it is made public this reaches it by
 * reflection, so both share the one stack a test JVM starts.
 */
final class StackAccess {

    private StackAccess() {
    }

    static LocalStack stack() {
        try {
            Class<?> fixture = Class.forName("io.rostersync.e2e.StackFixture");
            Method stack = fixture.getDeclaredMethod("stack");
            stack.setAccessible(true);
            return (LocalStack) stack.invoke(null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("io.rostersync.e2e.StackFixture.stack() is not reachable", e);
        }
    }
}
