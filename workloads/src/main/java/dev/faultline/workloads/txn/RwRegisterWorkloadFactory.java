package dev.faultline.workloads.txn;

import dev.faultline.checkers.txn.TxnChecker;
import dev.faultline.harness.spi.ParamSpec;
import dev.faultline.harness.spi.TestOptions;
import dev.faultline.harness.spi.Workload;
import dev.faultline.harness.spi.WorkloadFactory;

import java.util.List;

/** {@code --workload rw-register}. */
public final class RwRegisterWorkloadFactory implements WorkloadFactory {
    public static final String NAME = "rw-register";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "transactions of writes and reads of registers (writes are read-modify-writes) over a rotating key set; Elle-style check (txn.consistency, default strict-serializable)";
    }

    @Override
    public List<ParamSpec> params() {
        return TxnSettings.PARAMS;
    }

    @Override
    public Workload create(TestOptions options) {
        return TxnWorkload.create(TxnChecker.Workload.RW_REGISTER, options);
    }
}
