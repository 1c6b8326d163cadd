package dev.presence.streams.expiry;

import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceNames.Stores;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Files the expiry of every custom status the fold stores ({@link CustomStatusExpiries}). The decisions
 * are taken by the fold's own wall-clock sweep, right after its timeouts, so that a session timeout and
 * a custom status expiry due in the same sweep always reach the log in that order: the timeout takes
 * the user offline (which clears the custom status), and the expiry that follows finds nothing to clear.
 * Two punctuators of one task would fire in an order Kafka Streams does not promise.
 */
public final class CustomStatusExpiryProcessor implements Processor<String, UserStatus, Void, Void> {

    private CustomStatusExpiries expiries;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        expiries = new CustomStatusExpiries(context.getStateStore(Stores.CUSTOM_STATUS_EXPIRY),
                context.getStateStore(Stores.USER_STATUS));
    }

    @Override
    public void process(Record<String, UserStatus> record) {
        expiries.file(record.value());
    }
}
