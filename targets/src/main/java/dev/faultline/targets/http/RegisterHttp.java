package dev.faultline.targets.http;

import dev.faultline.checkers.history.Op;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The register requests of our key-value servers (docs/protocols.md): read, write and cas on {@code /kv/{key}}. */
public final class RegisterHttp {
    private RegisterHttp() {
    }

    /**
     * The request for the register op {@code op} on {@code path} ({@code /kv/{key}}); throws
     * IllegalArgumentException, its message starting with {@code bad-request:}, for a cas without
     * {@code [expected, new]} or an op that is not read, write or cas ({@code client} names the client).
     */
    public static NodeFailover.Call call(String client, Op op, String path) {
        return switch (op.f()) {
            case "read" -> NodeFailover.Call.get(path);
            case "write" -> NodeFailover.Call.put(path, Map.of("value", op.value()));
            case "cas" -> {
                if (!(op.value() instanceof List<?> v) || v.size() != 2) {
                    throw new IllegalArgumentException("bad-request: cas needs [expected, new]");
                }
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("expected", v.get(0));
                b.put("value", v.get(1));
                yield NodeFailover.Call.post(path + "/cas", b);
            }
            default -> throw new IllegalArgumentException("bad-request: " + client + " client has no op '" + op.f() + "'");
        };
    }
}
