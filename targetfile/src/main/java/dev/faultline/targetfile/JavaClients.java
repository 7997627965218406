package dev.faultline.targetfile;

import dev.faultline.harness.spi.ClientFactory;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * {@code clients: {java: com.example.MyClients}}: a {@link ClientFactory} class with a public
 * no-argument constructor, on the class path or in a plugin jar (the context class loader).
 */
final class JavaClients {
    private JavaClients() {
    }

    static ClientFactory load(Path file, String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(file + ": clients.java: no class " + className
                    + " on the class path (put its jar on the class path or in a plugin directory)", e);
        }
        if (!ClientFactory.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(file + ": clients.java: " + className + " does not implement " + ClientFactory.class.getName());
        }
        try {
            return type.asSubclass(ClientFactory.class).getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(file + ": clients.java: " + className + " has no public no-argument constructor", e);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException(file + ": clients.java: cannot create " + className + ": " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(file + ": clients.java: " + className + "'s constructor failed: " + e.getCause(), e.getCause());
        }
    }
}
