package api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Predicate;

/** Where a page of a list ended: the last item's time and id (newest first, then id). Opaque to clients (base64url). */
record PageCursor(Instant time, String id) {
    static PageCursor after(ListEntry last) {
        return new PageCursor(last.time(), last.id());
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((time.toEpochMilli() + ":" + id)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code text}, whose id must pass {@code validId}; else a 400 naming the parameter. */
    static PageCursor parse(String text, Predicate<String> validId) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            String id = s.substring(colon + 1);
            if (colon < 1 || !validId.test(id)) {
                throw new IllegalArgumentException();
            }
            return new PageCursor(Instant.ofEpochMilli(Long.parseLong(s.substring(0, colon))), id);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw QueryParams.invalid("cursor", "not a cursor this API gave out (use next_cursor of the previous page)");
        }
    }

    /** Whether {@code e} comes after this cursor in the list's order. */
    boolean before(ListEntry e) {
        int byTime = e.time().compareTo(time);
        return byTime < 0 || byTime == 0 && e.id().compareTo(id) > 0;
    }
}
