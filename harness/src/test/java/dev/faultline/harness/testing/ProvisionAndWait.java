package dev.faultline.harness.testing;

import dev.faultline.harness.control.docker.DockerEngine;
import dev.faultline.harness.provision.DockerProvisioner;
import dev.faultline.harness.provision.NodeImage;
import dev.faultline.harness.provision.RunIdentity;

/** A controller that provisions one node, says UP, and waits to be terminated (for the shutdown-hook test). */
public final class ProvisionAndWait {
    private ProvisionAndWait() {
    }

    public static void main(String[] args) throws Exception {
        DockerProvisioner p = new DockerProvisioner(DockerEngine.client(), NodeImage.debootstrap().ensure(),
                RunIdentity.forThisProcess(args[0]));
        p.provision(1);
        System.out.println("UP");
        System.out.flush();
        Thread.sleep(120_000); // bounded: the test terminates us long before
    }
}
