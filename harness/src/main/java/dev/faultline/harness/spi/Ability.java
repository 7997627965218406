package dev.faultline.harness.spi;

import java.util.EnumSet;
import java.util.Set;

/** The optional abilities of a {@link Db} that faults may need. */
public enum Ability {
    KILL(Killable.class, "be killed and restarted"),
    PAUSE(Pausable.class, "be paused and resumed"),
    PRIMARY(PrimaryAware.class, "name its primary"),
    DATA_DIR(HasDataDir.class, "name its data directory");

    private final Class<?> type;
    private final String phrase;

    Ability(Class<?> type, String phrase) {
        this.type = type;
        this.phrase = phrase;
    }

    /** The interface a Db implements to have this ability. */
    public Class<?> type() {
        return type;
    }

    /** "be killed and restarted": what the target can do, for error messages. */
    public String phrase() {
        return phrase;
    }

    public boolean of(Db db) {
        return type.isInstance(db);
    }

    public static Set<Ability> all(Db db) {
        Set<Ability> out = EnumSet.noneOf(Ability.class);
        for (Ability a : values()) if (a.of(db)) out.add(a);
        return out;
    }
}
