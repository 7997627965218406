package dev.faultline.workloads.register;

import java.util.List;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;
import dev.faultline.harness.spi.WorkloadFactory;

/** {@code --workload register}. */
public final class RegisterWorkloadFactory implements WorkloadFactory {
    public static final String NAME = "register";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ParamSpec> params() {
        return RegisterSettings.PARAMS;
    }

    @Override
    public String description() {
        return "read/write/cas of small integers on independent keys; linearizable per key (cas-register model)";
    }

    @Override
    public Workload create(TestOptions options) {
        return RegisterWorkload.create(options);
    }
}
