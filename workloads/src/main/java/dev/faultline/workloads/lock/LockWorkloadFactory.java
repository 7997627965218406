package dev.faultline.workloads.lock;

import java.util.List;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;
import dev.faultline.harness.spi.WorkloadFactory;

/** {@code --workload lock}; parameters in {@link LockWorkloadOptions}. */
public final class LockWorkloadFactory implements WorkloadFactory {
    @Override
    public String name() {
        return "lock";
    }

    @Override
    public List<ParamSpec> params() {
        return LockWorkloadOptions.PARAMS;
    }

    @Override
    public String description() {
        return "leased locks with fencing tokens: acquire, write to a fenced resource, release; some holders "
                + "sleep past their lease; checks mutual exclusion and fencing";
    }

    @Override
    public Workload create(TestOptions options) {
        return new LockWorkload(LockWorkloadOptions.from(options));
    }
}
