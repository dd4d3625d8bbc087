package dev.lap.vault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestTargetTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/a/b?x=1&y=%20 | /a/b | x=1&y=%20",
                "/a%2Fb         | /a%2Fb | ''",
                "http://h.example/p?q=1#frag | /p | q=1",
                "http://h.example | / | ''",
                "http://h.example?q | / | q",
                "* | * | ''",
            })
    void splitsPathAndQueryKeepingTheirEncoding(String uri, String path, String query) {
        assertThat(RequestTarget.path(uri)).isEqualTo(path);
        assertThat(RequestTarget.rawQuery(uri)).isEqualTo(query);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://h.example/p?old=1 | new=2 | /p?new=2",
                "/p?old=1 | '' | /p",
                "/p | a=b | /p?a=b",
            })
    void theForwardedTargetIsOriginFormWithTheSwappedQuery(String uri, String query, String expected) {
        assertThat(RequestTarget.originForm(uri, query)).isEqualTo(expected);
    }
}
