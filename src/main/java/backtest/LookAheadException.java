package backtest;

/** A strategy read a frame row after its decision bar (or before row 0). */
public final class LookAheadException extends IndexOutOfBoundsException {
    public LookAheadException(String what, int row, int index) {
        super(what + " row " + row + " read at decision bar " + index
                + (row > index ? ": rows after the decision bar are not visible" : ": no such row"));
    }
}
