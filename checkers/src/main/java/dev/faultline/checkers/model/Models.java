package dev.faultline.checkers.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The built-in models, by name. */
public final class Models {
    private static final Map<String, Supplier<Model>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("register", RegisterModel::register);
        BY_NAME.put("cas-register", RegisterModel::casRegister);
        BY_NAME.put("register-strict", RegisterModel::strictRegister);
        BY_NAME.put("cas-register-strict", RegisterModel::strictCasRegister);
        BY_NAME.put("multi-register", MultiRegisterModel::new);
        BY_NAME.put("mutex", MutexModel::new);
        BY_NAME.put("kv", KvModel::new);
        BY_NAME.put("set", SetModel::new);
        BY_NAME.put("fifo-queue", FifoQueueModel::new);
    }

    private Models() {}

    /** @throws IllegalArgumentException naming the known models if {@code name} is not one */
    public static Model byName(String name) {
        Supplier<Model> s = BY_NAME.get(name);
        if (s == null) throw new IllegalArgumentException("unknown model '" + name + "' (known: " + String.join(", ", names()) + ")");
        return s.get();
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
