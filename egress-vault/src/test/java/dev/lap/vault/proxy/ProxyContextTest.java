package dev.lap.vault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.vault.credentials.Credentials;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyContextTest {
    @TempDir
    Path dir;

    @Test
    void aPinnedContextKeepsItsCredentialsWhenTheLiveOnesAreReplaced() throws Exception {
        Credentials before = Credentials.open(List.of(), dir.resolve("a"));
        Credentials after = Credentials.open(List.of(), dir.resolve("b"));
        var live = new AtomicReference<>(before);
        var px = new ProxyContext(
                null, null, null, live::get, null, null, null, null, null, null, null, null, null, null);

        ProxyContext pinned = px.pinned();
        live.set(after);

        assertThat(pinned.credentials()).isSameAs(before);
        assertThat(px.credentials()).isSameAs(after);
        assertThat(pinned.pinned().credentials()).isSameAs(before);
    }
}
