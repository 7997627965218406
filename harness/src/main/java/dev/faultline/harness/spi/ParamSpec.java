package dev.faultline.harness.spi;

import java.util.Objects;

/**
 * One {@code --param NAME=VALUE} knob that a target, workload or nemesis reads, as shown by
 * {@code faultline list} and checked by the run: a key no part of the run declares is an error.
 * A name ending in {@code .*} declares a whole namespace (every key starting with what comes before
 * the {@code *}), for parts whose knobs are not known in advance, e.g. a protocol client that reads
 * its own keys.
 *
 * @param name         the key, e.g. {@code clock.max-delta}, or a namespace {@code myapp.*}
 * @param defaultValue the value used when the key is not given, as the user would write it ("" if none)
 * @param meaning      one line: what the knob changes, with its unit
 */
public record ParamSpec(String name, String defaultValue, String meaning) {
    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(meaning, "meaning");
        if (name.isBlank() || name.contains("=") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bad parameter name '" + name + "': no blanks or '='");
        }
        if (name.contains("*") && !(name.endsWith(".*") && name.indexOf('*') == name.length() - 1 && name.length() > 2)) {
            throw new IllegalArgumentException("bad parameter name '" + name + "': '*' only as a trailing '.*' namespace");
        }
    }

    public static ParamSpec of(String name, Object defaultValue, String meaning) {
        return new ParamSpec(name, String.valueOf(defaultValue), meaning);
    }

    /** Every key starting with {@code prefix} (which should end in '.'), e.g. {@code namespace("kv.", ...)}. */
    public static ParamSpec namespace(String prefix, String meaning) {
        return new ParamSpec(prefix + "*", "", meaning);
    }

    public boolean isNamespace() {
        return name.endsWith(".*");
    }

    /** Whether this declaration covers {@code key}. */
    public boolean covers(String key) {
        return isNamespace() ? key.startsWith(name.substring(0, name.length() - 1)) : key.equals(name);
    }
}
