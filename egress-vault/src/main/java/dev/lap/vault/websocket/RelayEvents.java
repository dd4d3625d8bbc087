package dev.lap.vault.websocket;

import java.time.Duration;
import java.util.Map;

/** What a {@link FrameRelay} reports, for the audit trail and the metrics; called on the client's event loop. */
public interface RelayEvents {
    /** Secrets replaced by their stubs in frames toward the sandbox, counted by credential id. */
    void scrubbed(Map<String, Long> countsById);

    /** A limit ended the connection: {@code limit} is its audit name, {@code max} its bound. */
    void limit(String limit, long max);

    /** The connection ended; called once. */
    void ended(End end);

    /**
     * How a relayed WebSocket ended.
     *
     * @param how a sentence naming who ended it and why, with the close code when there was one
     * @param framesToUpstream frames relayed from the sandbox, control frames included
     * @param framesToClient frames relayed to the sandbox
     * @param bytesToUpstream payload bytes relayed from the sandbox
     * @param bytesToClient payload bytes relayed to the sandbox
     */
    record End(
            String how,
            Duration duration,
            long framesToUpstream,
            long framesToClient,
            long bytesToUpstream,
            long bytesToClient) {}
}
