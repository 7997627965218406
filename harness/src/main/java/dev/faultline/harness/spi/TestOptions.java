package dev.faultline.harness.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a user chose for one run; written to test.json.
 *
 * @param params free-form target/workload/nemesis parameters ({@code --param k=v})
 */
public record TestOptions(
        String testName,
        String target,
        String workload,
        List<String> nemeses,
        int nodes,
        int concurrency,
        Duration timeLimit,
        Duration nemesisInterval,
        long seed,
        Set<String> unsafe,
        Map<String, String> params) {

    public TestOptions {
        nemeses = List.copyOf(nemeses);
        unsafe = Set.copyOf(unsafe);
        params = Map.copyOf(params);
    }

    /** The same options with another seed (for repeated runs). */
    public TestOptions withSeed(long newSeed) {
        return new TestOptions(testName, target, workload, nemeses, nodes, concurrency, timeLimit, nemesisInterval, newSeed,
                unsafe, params);
    }

    public boolean unsafe(String name) {
        return unsafe.contains(name);
    }

    public String param(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }
}
