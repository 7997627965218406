package dev.faultline.nemesis.packages;

import dev.faultline.harness.spi.Ability;

import dev.faultline.nemesis.process.ProcessNemesis;

import java.time.Duration;

/** {@code --nemesis kill}: SIGKILL the target on chosen nodes ({@code --param kill.targets}), then start it on every node. */
public final class KillPackage extends ProcessPackage {
    @Override
    public String name() {
        return "kill";
    }

    @Override
    public String description() {
        return "SIGKILL the target on chosen nodes, then start it again (data intact)";
    }

    @Override
    ProcessNemesis nemesis(long seed, Duration timeout) {
        return ProcessNemesis.kill(seed, timeout);
    }

    @Override
    Ability ability() {
        return Ability.KILL;
    }

    @Override
    long salt() {
        return 0x4b494c4cL;
    }
}
