package features;

/**
 * What to do with minutes missing from the 1m store. {@code FFILL}: a missing minute becomes a bar with
 * O=H=L=C=previous close and zero volumes, flagged {@link Bars#FILLED}; {@code DROP}: missing minutes are simply
 * absent; {@code NONE}: absent too, and reported as gaps to the caller.
 */
public enum GapPolicy {
    FFILL, DROP, NONE;

    public static GapPolicy parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
