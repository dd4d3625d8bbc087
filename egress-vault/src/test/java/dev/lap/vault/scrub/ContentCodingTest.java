package dev.lap.vault.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentCodingTest {

    @Test
    void identityGzipDeflateAndBrAreScrubbable() {
        assertThat(ContentCoding.of(List.of(), true)).isEqualTo(new ContentCoding.Identity());
        assertThat(ContentCoding.of(List.of(""), true)).isEqualTo(new ContentCoding.Identity());
        assertThat(ContentCoding.of(List.of("identity"), true)).isEqualTo(new ContentCoding.Identity());
        assertThat(ContentCoding.of(List.of(" GZIP "), true)).isEqualTo(new ContentCoding.Gzip());
        assertThat(ContentCoding.of(List.of("x-gzip"), true)).isEqualTo(new ContentCoding.Gzip());
        assertThat(ContentCoding.of(List.of("Deflate"), true)).isEqualTo(new ContentCoding.Deflate());
        assertThat(ContentCoding.of(List.of("br"), true)).isEqualTo(new ContentCoding.Brotli());
    }

    @Test
    void unknownCodingsAndStacksOfCodingsAreUnscrubbable() {
        assertThat(ContentCoding.of(List.of("zstd"), true)).isEqualTo(new ContentCoding.Unscrubbable("zstd"));
        assertThat(ContentCoding.of(List.of("compress"), true)).isInstanceOf(ContentCoding.Unscrubbable.class);
        assertThat(ContentCoding.of(List.of("gzip, gzip"), true)).isInstanceOf(ContentCoding.Unscrubbable.class);
        assertThat(ContentCoding.of(List.of("gzip, identity"), true)).isInstanceOf(ContentCoding.Unscrubbable.class);
        // The header sent twice: a client would decode both.
        assertThat(ContentCoding.of(List.of("gzip", "gzip"), true))
                .isEqualTo(new ContentCoding.Unscrubbable("gzip,gzip"));
        assertThat(ContentCoding.of(List.of("identity", "identity"), true))
                .isInstanceOf(ContentCoding.Unscrubbable.class);
    }

    @Test
    void withoutTheBrotliLibraryBrIsUnscrubbableAndNotOffered() {
        assertThat(ContentCoding.of(List.of("br"), false)).isEqualTo(new ContentCoding.Unscrubbable("br"));
        assertThat(ContentCoding.acceptEncoding("gzip, deflate, br", false)).isEqualTo("gzip, deflate");
        assertThat(ContentCoding.acceptEncoding("br;q=1.0, identity;q=0.5", false))
                .isEqualTo("identity;q=0.5");
    }

    @Test
    void onlyCodingsTheClientOfferedAndTheVaultCanScrubAreOffered() {
        assertThat(ContentCoding.acceptEncoding("gzip, deflate, br, zstd", true))
                .isEqualTo("gzip, deflate, br");
        assertThat(ContentCoding.acceptEncoding("br;q=1.0, zstd, identity;q=0.5", true))
                .isEqualTo("br;q=1.0, identity;q=0.5");
        assertThat(ContentCoding.acceptEncoding("x-gzip", true)).isEqualTo("x-gzip");
        assertThat(ContentCoding.acceptEncoding("zstd, *", true)).isEmpty();
        assertThat(ContentCoding.acceptEncoding(",,", true)).isEmpty();
        assertThat(ContentCoding.acceptEncoding(null, true)).isEmpty();
    }

    @Test
    void brotliLoadsOnThisPlatform() {
        // The build ships brotli4j's linux-x86_64 library; without it the vault refuses br.
        assertThat(ContentCoding.brotliAvailable()).isTrue();
        assertThat(ContentCoding.acceptEncoding("br")).isEqualTo("br");
    }

    @Test
    void eachCompressedCodingOpensItsOwnScrubber() {
        Scrubber s = Scrubber.of(List.of(new Replacement("id", new byte[] {'a'}, new byte[] {'b'})));
        for (ContentCoding.Compressed c :
                List.of(new ContentCoding.Gzip(), new ContentCoding.Deflate(), new ContentCoding.Brotli())) {
            try (CodedScrubber scrubber = c.open(s)) {
                assertThat(scrubber)
                        .isInstanceOf(
                                switch (c) {
                                    case ContentCoding.Gzip g -> GzipScrubber.class;
                                    case ContentCoding.Deflate d -> DeflateScrubber.class;
                                    case ContentCoding.Brotli b -> BrotliScrubber.class;
                                });
            }
        }
    }
}
