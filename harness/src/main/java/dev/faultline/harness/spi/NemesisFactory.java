package dev.faultline.harness.spi;

/** Creates a packaged fault by name ({@code --nemesis NAME}); discovered with {@link java.util.ServiceLoader}. */
public interface NemesisFactory {
    String name();

    String description();

    /** @throws IllegalArgumentException if the options make this fault impossible (e.g. majority of 1 node) */
    NemesisPackage create(TestOptions options);
}
