package dev.presence.bench.fuzz;

/** What the engine must do with a record the fuzz drill writes, decided when the record is made. */
public enum Expectation {
    /** A valid record of the workload: applied, checked against the reference model, never rejected. */
    VALID,
    /** Breaks a rule of the contract for certain (a required field gone, an id too long, a broken encoding...): rejected with a code. */
    MUST_REJECT,
    /** The mutation may have left a valid record (an unknown field, a flipped bit in a string): applied or rejected, both fine. */
    EITHER,
    /** A presence.config record: an unknown setting name, or a value the setting must refuse; never changes what is in force. */
    CONFIG
}
