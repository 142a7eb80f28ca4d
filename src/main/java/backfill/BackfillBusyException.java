package backfill;

/** A backfill was asked for while another one runs in this process (the message says which and since when). */
public final class BackfillBusyException extends IllegalStateException {
    public BackfillBusyException(String message) {
        super(message);
    }
}
