package dev.faultline.twopc;

import java.net.URI;

/** A peer's address. */
public record HostPort(String host, int port) {
    public static HostPort parse(String s, String what) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1)
            throw new IllegalArgumentException(what + ": expected host:port, got '" + s + "'");
        try {
            return new HostPort(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": bad port in '" + s + "'");
        }
    }

    public URI uri(String path) {
        return URI.create("http://" + host + ":" + port + path);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
