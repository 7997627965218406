package dev.faultline.twopc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses account specs: {@code a0..a9} (a numbered range), {@code x,y,z}, or a mix {@code a0..a4,b}. */
public final class Accounts {
    private static final Pattern RANGE = Pattern.compile("([A-Za-z_-]*)(\\d+)\\.\\.([A-Za-z_-]*)(\\d+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private Accounts() {}

    public static List<String> parse(String spec) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            Matcher m = RANGE.matcher(p);
            if (m.matches()) {
                if (!m.group(1).equals(m.group(3)))
                    throw new IllegalArgumentException("account range '" + p + "': both ends need the same prefix");
                int lo = Integer.parseInt(m.group(2));
                int hi = Integer.parseInt(m.group(4));
                if (hi < lo) throw new IllegalArgumentException("account range '" + p + "' is empty");
                for (int i = lo; i <= hi; i++) out.add(m.group(1) + i);
            } else if (NAME.matcher(p).matches()) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("bad account name '" + p + "' (letters, digits, _ . - only)");
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no accounts in '" + spec + "'");
        return new ArrayList<>(out);
    }
}
