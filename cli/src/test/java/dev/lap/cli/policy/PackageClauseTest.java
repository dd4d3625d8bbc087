package dev.lap.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PackageClauseTest {
    @Test
    void aDottedPackageAfterCommentsIsItsTerms() {
        assertThat(PackageClause.of("# policy\n\n  # more\npackage lap.egress_test\n\nimport data.x\n"))
                .contains(List.of("lap", "egress_test"));
    }

    @Test
    void quotedTermsAreReadWithTheirEscapes() {
        assertThat(PackageClause.of("package a[\"b-c\"][`d.e`].f[\"q\\\"x\"]\n"))
                .contains(List.of("a", "b-c", "d.e", "f", "q\"x"));
    }

    @Test
    void aModuleThatDoesNotStartWithAPackageClauseIsNotRead() {
        assertThat(PackageClause.of("import data.x\npackage a\n")).isEmpty();
        assertThat(PackageClause.of("package a[input.x]\n")).isEmpty();
    }
}
