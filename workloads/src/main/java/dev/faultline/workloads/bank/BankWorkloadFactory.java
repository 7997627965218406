package dev.faultline.workloads.bank;

import java.util.List;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;
import dev.faultline.harness.spi.WorkloadFactory;

/** {@code --workload bank}; parameters in {@link BankSettings}. */
public final class BankWorkloadFactory implements WorkloadFactory {
    @Override
    public String name() {
        return BankWorkload.NAME;
    }

    @Override
    public List<ParamSpec> params() {
        return BankSettings.PARAMS;
    }

    @Override
    public String description() {
        return "transfers between random accounts and reads of every balance; every read must show the initial total "
                + "and no negative balance (bank checker)";
    }

    @Override
    public Workload create(TestOptions options) {
        return BankWorkload.create(options);
    }
}
