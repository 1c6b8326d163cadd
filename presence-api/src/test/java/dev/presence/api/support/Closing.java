package dev.presence.api.support;

/** Closing what a test started, in the order given, every one even when one fails. */
public final class Closing {

    private Closing() {
    }

    /** Closes each non-null one in turn; a failure does not stop the rest. */
    public static void all(AutoCloseable... closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // the rest still closes
            }
        }
    }
}
