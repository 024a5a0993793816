package io.txmatch.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one hostile case observed: how often each outcome came back (a status code, or a word such as
 * {@code closed}, {@code io}, {@code timeout}), how many were 5xx, and the expectations it broke.
 */
final class Tally {
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> broken = new ArrayList<>();
    private int fiveXx;

    /** Counts an HTTP status; any 5xx is counted as one too (503 with Retry-After goes to {@link #count(String)}). */
    synchronized void status(int status) {
        outcomes.merge(Integer.toString(status), 1, Integer::sum);
        if (status >= 500) {
            fiveXx++;
        }
    }

    /** Counts an outcome that is not a status a server gave, or one counted apart (e.g. {@code 503-retry}). */
    synchronized void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    /** Records a broken expectation (the first few are kept in the message). */
    synchronized void broke(String what) {
        broken.add(what);
    }

    synchronized int fiveXx() {
        return fiveXx;
    }

    synchronized List<String> broken() {
        return List.copyOf(broken);
    }

    @Override
    public synchronized String toString() {
        return outcomes.toString();
    }
}
