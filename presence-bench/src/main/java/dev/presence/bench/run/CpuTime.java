package dev.presence.bench.run;

import java.time.Duration;

/**
 * CPU time (user and system, every thread) a process has used, as the operating system counts it.
 * On a machine whose cores the broker and the load generator share, a process's CPU time per record
 * varies far less from run to run than its wall-clock rate, so the throughput bench prints both.
 */
public final class CpuTime {

    private CpuTime() {
    }

    /** The CPU time {@code pid} has used so far; fails if the operating system does not tell it. */
    public static Duration of(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(process -> process.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("the CPU time of process " + pid + " is not available here"));
    }
}
