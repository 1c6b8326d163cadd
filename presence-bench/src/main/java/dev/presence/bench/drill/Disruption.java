package dev.presence.bench.drill;

import dev.presence.bench.run.Pause;
import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.cluster.KafkaTarget;

import java.time.Duration;

/** The fault a drill injects in the middle of the load, on a thread of its own while the load goes on. */
public interface Disruption {

    String describe();

    void strike(KafkaTarget kafka, EngineProcess engine);

    /** SIGKILL the engine's JVM and start it again at once on the same state folder. */
    static Disruption killEngine() {
        return new Disruption() {
            @Override
            public String describe() {
                return "engine JVM killed with SIGKILL, then started again on its state folder";
            }

            @Override
            public void strike(KafkaTarget kafka, EngineProcess engine) {
                engine.kill();
                engine.start();
            }
        };
    }

    /** Stop the broker, leave it down for {@code down}, start it on the same data and ports. */
    static Disruption restartBroker(Duration down) {
        return new Disruption() {
            @Override
            public String describe() {
                return "broker stopped, down for " + down.toSeconds() + " s, started again on its data";
            }

            @Override
            public void strike(KafkaTarget kafka, EngineProcess engine) {
                kafka.stopBroker();
                Pause.millis(down.toMillis());
                kafka.startBroker();
            }
        };
    }

    static Disruption none() {
        return new Disruption() {
            @Override
            public String describe() {
                return "none";
            }

            @Override
            public void strike(KafkaTarget kafka, EngineProcess engine) {
            }
        };
    }
}
