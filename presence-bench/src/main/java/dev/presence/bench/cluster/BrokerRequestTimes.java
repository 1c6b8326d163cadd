package dev.presence.bench.cluster;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the embedded broker (in this JVM) spends a request's time, from its own request metrics
 * ({@code kafka.network:type=RequestMetrics}): for one request type, the 99th percentile of the
 * whole and of each part (waiting for a handler thread, handling it, waiting on others such as a
 * fetch's wait for data, waiting to be sent back, sending). The broker's histograms weigh the last
 * minutes most and cover everything since it started.
 */
public final class BrokerRequestTimes {

    /** One part of a request's time, and the broker's metric for it. */
    private record Part(String label, String metric) {
    }

    private static final List<Part> PARTS = List.of(new Part("queue", "RequestQueueTimeMs"), new Part("local", "LocalTimeMs"),
            new Part("remote", "RemoteTimeMs"), new Part("response queue", "ResponseQueueTimeMs"),
            new Part("send", "ResponseSendTimeMs"));

    private BrokerRequestTimes() {
    }

    /** One line for {@code request} (e.g. Produce, FetchConsumer, EndTxn), or why there is none. */
    public static String p99(String request) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName total = name("TotalTimeMs", request);
            if (!server.isRegistered(total)) {
                return "no metrics (not an embedded broker, or no such request yet)";
            }
            List<String> parts = new ArrayList<>();
            for (Part part : PARTS) {
                parts.add(String.format(Locale.ROOT, "%s %.1f", part.label(), p99(server, name(part.metric(), request))));
            }
            return String.format(Locale.ROOT, "p99 %.1f ms, max %.1f ms (%s; n=%,d)", p99(server, total),
                    ((Number) server.getAttribute(total, "Max")).doubleValue(), String.join(", ", parts),
                    ((Number) server.getAttribute(total, "Count")).longValue());
        } catch (javax.management.JMException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    private static double p99(MBeanServer server, ObjectName name) throws javax.management.JMException {
        return ((Number) server.getAttribute(name, "99thPercentile")).doubleValue();
    }

    private static ObjectName name(String metric, String request) throws javax.management.MalformedObjectNameException {
        return new ObjectName("kafka.network:type=RequestMetrics,name=" + metric + ",request=" + request);
    }
}
