package dev.presence.api.query;

import java.util.OptionalLong;

/**
 * What a query found, and whether any of it was read from a local copy that may be behind the
 * owner's (a standby, or an active copy still restoring): {@code staleLag} is then the most records
 * such a copy was behind when read. Empty: every part came from an up-to-date active store.
 */
public record Found<T>(T value, OptionalLong staleLag) {

    static <T> Found<T> current(T value) {
        return new Found<>(value, OptionalLong.empty());
    }
}
