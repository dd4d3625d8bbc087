package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of a valid proxy request (flipped bytes, stray CR/LF/space/colon/NUL,
 * duplicated and truncated lines) sent straight at the vault. Whatever arrives, the vault answers
 * with a status line or closes the connection, within a bound, and keeps serving afterwards.
 * {@code -Dlap.fuzz.seed=N} replays a run.
 */
class VaultProtocolFuzzIT {
    private static final String VALID = "GET http://registry.npmjs.org/fuzz HTTP/1.1\r\n"
            + "Host: registry.npmjs.org\r\nAccept: */*\r\nContent-Length: 0\r\n\r\n";
    private static final byte[] SPECIAL = {'\r', '\n', ' ', '\t', ':', 0, ',', '"', (byte) 0xff};

    @TempDir
    static Path dir;

    static VaultHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new VaultHarness(dir, Path.of("src/test/resources/policies/permissive"), "credentials: []\n", List.of());
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    static byte[] mutate(Random r) {
        byte[] b = VALID.getBytes(StandardCharsets.ISO_8859_1);
        var out = new java.io.ByteArrayOutputStream();
        int edits = 1 + r.nextInt(4);
        int[] at = r.ints(edits, 0, b.length).sorted().toArray();
        int e = 0;
        for (int i = 0; i < b.length; i++) {
            boolean edited = false;
            while (e < at.length && at[e] == i) {
                switch (r.nextInt(4)) {
                    case 0 -> out.write(SPECIAL[r.nextInt(SPECIAL.length)]); // insert
                    case 1 -> edited = true; // delete
                    case 2 -> {
                        out.write(SPECIAL[r.nextInt(SPECIAL.length)]); // replace
                        edited = true;
                    }
                    default -> out.write(b, i, Math.min(12, b.length - i)); // duplicate a run
                }
                e++;
            }
            if (!edited) {
                out.write(b[i]);
            }
        }
        return out.toByteArray();
    }

    private static String answer(byte[] request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", h.vault.address().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            String head = VaultHarness.readHead(in);
            return head.isEmpty() ? "closed" : head.lines().findFirst().orElse("");
        } catch (SocketTimeoutException e) {
            return "timeout";
        }
    }

    @Test
    void everyMutationIsAnsweredOrClosedAndTheVaultKeepsServing() throws Exception {
        long seed = Long.getLong("lap.fuzz.seed", System.nanoTime());
        Random r = new Random(seed);
        var outcomes = new java.util.TreeMap<String, Integer>();
        for (int i = 0; i < 300; i++) {
            byte[] request = mutate(r);
            String first = answer(request);
            assertThat(first)
                    .as("seed %d, case %d: %s", seed, i, new String(request, StandardCharsets.ISO_8859_1))
                    .matches("HTTP/1\\.1 [1-5][0-9][0-9] .*|closed");
            outcomes.merge(first.replaceAll("^(HTTP/1\\.1 \\d+).*", "$1"), 1, Integer::sum);
        }
        assertThat(answer(VALID.getBytes(StandardCharsets.ISO_8859_1))).startsWith("HTTP/1.1 200");
        assertThat(outcomes).as("seed %d", seed).containsKey("HTTP/1.1 400");
    }
}
