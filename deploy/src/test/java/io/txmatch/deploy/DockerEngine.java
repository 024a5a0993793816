package io.txmatch.deploy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a container test where a Docker engine answers and skips it, with a printed line saying why, where none
 * does. The engine is asked once per JVM, within {@link #DEADLINE_S} seconds. Where the environment variable
 * {@code TXMATCH_DOCKER_REQUIRED} is set (.ci/run sets it once it has an engine), a missing engine fails the test
 * instead. Testcontainers' Ryuk reaper is off in this module (no registry to pull it from): each test removes
 * what it started.
 */
final class DockerEngine implements ExecutionCondition {
    static final long DEADLINE_S = 30;
    private static final CompletableFuture<String> WHY_NOT = CompletableFuture.supplyAsync(DockerEngine::whyNot);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        String why = whyNotAvailable();
        String test = context.getRequiredTestClass().getSimpleName();
        if (why == null) {
            System.out.println("[deploy] Docker engine found (" + DockerClientFactory.instance().getActiveApiVersion()
                    + " API): " + test + " RUNS");
            return ConditionEvaluationResult.enabled("Docker engine found");
        }
        if (System.getenv("TXMATCH_DOCKER_REQUIRED") != null) {
            System.out.println("[deploy] no Docker engine, but TXMATCH_DOCKER_REQUIRED is set: " + test + " FAILS: " + why);
            return ConditionEvaluationResult.enabled("Docker required");
        }
        System.out.println("[deploy] " + test + " SKIPPED: " + why);
        return ConditionEvaluationResult.disabled(why);
    }

    /** Null where an engine answers, else why not; at most {@link #DEADLINE_S} seconds, asked once. */
    static String whyNotAvailable() {
        try {
            return WHY_NOT.get(DEADLINE_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "the Docker engine did not answer within " + DEADLINE_S + " s";
        } catch (Exception e) {
            return "asking for a Docker engine failed: " + e;
        }
    }

    private static String whyNot() {
        try {
            DockerClientFactory.instance().client().pingCmd().exec();
            return null;
        } catch (Throwable e) {
            StringBuilder why = new StringBuilder("no Docker engine answers");
            for (Throwable t = e; t != null; t = t.getCause()) {
                why.append(": ").append(t.getMessage());
            }
            return why.append(" (DOCKER_HOST=").append(System.getenv().getOrDefault("DOCKER_HOST", "unset"))
                    .append("; .ci/run starts dockerd where it can)").toString();
        }
    }
}
