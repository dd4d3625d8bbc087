package dev.lap.sandbox.runtime;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * One viewer attached to a sandbox's agent: bytes typed go to {@link #input()}, the screen's bytes
 * come from {@link #output()} (a blocking stream that ends when the viewer is detached or the
 * agent ends). Both count as activity for the idle TTL.
 */
public interface Terminal extends AutoCloseable {
    OutputStream input();

    InputStream output();

    void resize(int columns, int rows);

    /** Detaches this viewer; the agent keeps running. */
    @Override
    void close();
}
