package dev.presence.bench.fuzz;

/** A mutated value: its bytes, what the mutation was, and whether it broke the record for certain. */
record Mutation(String kind, Expectation expectation, byte[] value) {

    static Mutation mustReject(String kind, byte[] value) {
        return new Mutation(kind, Expectation.MUST_REJECT, value);
    }

    static Mutation either(String kind, byte[] value) {
        return new Mutation(kind, Expectation.EITHER, value);
    }

    static Mutation of(String kind, boolean breaksForCertain, byte[] value) {
        return new Mutation(kind, breaksForCertain ? Expectation.MUST_REJECT : Expectation.EITHER, value);
    }
}
