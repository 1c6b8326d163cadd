package dev.presence.api.http;

import dev.presence.schema.ClientSession;
import dev.presence.schema.Platform;
import dev.presence.schema.SessionState;

import java.util.EnumSet;
import java.util.Set;

/** The per-client state of a detailed status query, as the reference's server API reports it. */
public enum ClientState {
    /** Logged in and connected. */
    ONLINE,
    /** Logged in, not connected, on a mobile platform: still reachable by offline push. */
    PUSH_ONLINE,
    /** Logged in, not connected, on a platform without offline push. */
    OFFLINE;

    private static final Set<Platform> PUSH_PLATFORMS = EnumSet.of(Platform.ANDROID, Platform.IOS, Platform.IPAD);

    public static ClientState of(ClientSession session) {
        if (session.getState() == SessionState.CONNECTED) {
            return ONLINE;
        }
        return PUSH_PLATFORMS.contains(session.getPlatform()) ? PUSH_ONLINE : OFFLINE;
    }
}
