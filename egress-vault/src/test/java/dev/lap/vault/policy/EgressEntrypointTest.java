package dev.lap.vault.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.PolicyEngine;
import dev.lap.policy.PolicySource;
import dev.lap.policy.value.Values;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressEntrypointTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "the decision rule in package lap.egress | package lap.egress\\ndecision := {\"allow\": false} | true",
                "a ref head from package lap | package lap\\negress.decision := {\"allow\": false} | true",
                "the whole document above it | package lap\\negress := {\"decision\": {\"allow\": false}} | true",
                "a package below it | package lap.egress.decision\\nallow := false | true",
                "a misspelt rule | package lap.egress\\ndecisions := {\"allow\": false} | false",
                "another package | package lap.egres\\ndecision := {\"allow\": false} | false",
                "a function of that name | package lap.egress\\ndecision(x) := x | false",
            })
    void aPolicyDefinesTheEntrypointOnlyWhenARuleLiesOnItsPath(String what, String rego, boolean defines)
            throws Exception {
        var policy = PolicyEngine.create()
                .compile(List.of(new PolicySource("p.rego", rego.replace("\\n", "\n"))), Values.of(Map.of()));
        assertThat(EgressPolicy.defines(policy)).as(what).isEqualTo(defines);
    }
}
