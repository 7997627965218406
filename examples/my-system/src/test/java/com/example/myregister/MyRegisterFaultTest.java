package com.example.myregister;

import dev.faultline.junit.FaultlineResult;
import dev.faultline.junit.FaultlineTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.faultline.junit.FaultlineAssertions.assertThat;

/**
 * Fault-injection tests of the register server, run by `mvn verify`: three real server processes
 * (local provisioner: no Docker needed; -Dfaultline.provisioner=docker for containers and network
 * faults), the built-in register workload and the kill fault, checked for linearizability.
 */
class MyRegisterFaultTest {
    private static final String PROVISIONER = System.getProperty("faultline.provisioner", "local");

    private static FaultlineTest registerUnderKills() {
        return FaultlineTest.target(new MyRegisterTarget())
                .workload("register")
                .nemesis("kill")
                .nodes(3)
                .timeLimit(Duration.ofSeconds(6))
                .nemesisInterval(Duration.ofSeconds(2))
                .seed(42)
                .provisioner(PROVISIONER);
    }

    @Test
    void staysLinearizableWhileNodesAreKilled() {
        FaultlineResult result = registerUnderKills().run();
        assertThat(result).isValid();
    }

    @Test
    void theStaleReadsBugIsCaught() {
        FaultlineResult result = registerUnderKills().unsafe(MyRegisterTarget.STALE_READS).run();
        // On failure this prints the verdict, the counterexample in words and the report path.
        assertThat(result).isInvalid().hasAnomalyContaining("linearizable");
    }
}
