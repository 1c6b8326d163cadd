package dev.presence.bench.fuzz;

/**
 * The id space of the mutants' users: "fz-" and a number, never "user-..." as the valid load's
 * users are. A mutant that happens to be valid can only touch the user its key names (the key must
 * equal the userId), so it never changes what the model expects of a valid user.
 */
public final class FuzzIds {

    private FuzzIds() {
    }

    public static String user(int index) {
        return "fz-" + index;
    }
}
