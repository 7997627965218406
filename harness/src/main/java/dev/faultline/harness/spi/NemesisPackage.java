package dev.faultline.harness.spi;

import dev.faultline.harness.generator.Generator;

/**
 * A fault packaged with its own schedule, in the spirit of Jepsen's nemesis.combined: packages
 * compose by combining their nemeses and mixing their generators.
 *
 * @param generator      start/stop ops for the main phase
 * @param finalGenerator ops that stop the fault before the final phase (may be null; heal runs anyway)
 */
public record NemesisPackage(String name, Nemesis nemesis, Generator generator, Generator finalGenerator) {
}
