package dev.faultline.nemesis.packages;

import dev.faultline.harness.spi.Ability;

import dev.faultline.nemesis.process.ProcessNemesis;

import java.time.Duration;

/** {@code --nemesis pause}: SIGSTOP the target on chosen nodes ({@code --param pause.targets}), then SIGCONT it on every node. */
public final class PausePackage extends ProcessPackage {
    @Override
    public String name() {
        return "pause";
    }

    @Override
    public String description() {
        return "SIGSTOP the target on chosen nodes, then SIGCONT it";
    }

    @Override
    ProcessNemesis nemesis(long seed, Duration timeout) {
        return ProcessNemesis.pause(seed, timeout);
    }

    @Override
    Ability ability() {
        return Ability.PAUSE;
    }

    @Override
    long salt() {
        return 0x50415553L;
    }
}
