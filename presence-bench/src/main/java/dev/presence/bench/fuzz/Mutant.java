package dev.presence.bench.fuzz;

import dev.presence.bench.load.Outgoing;

/**
 * One record the fuzz drill writes besides the valid load.
 *
 * @param kind        how it was made, e.g. "json/events drop required field" (its row in the report)
 * @param expectation what the engine must do with it
 */
public record Mutant(String kind, Expectation expectation, Outgoing record) {
}
