/**
 * JMH micro-benchmarks of the engine's per-record work, run by {@code ./scripts/bench.sh micro}: the
 * input codec, the status fold and the notification encoding, each beside the alternative it replaced
 * or competes with, so that a change to one is measured on its own, away from Kafka and the machine's
 * other load. The end-to-end figures stay with the other benchmarks.
 */
package dev.presence.bench.micro;
