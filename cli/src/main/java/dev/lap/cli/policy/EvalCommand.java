package dev.lap.cli.policy;

import dev.lap.cli.CliException;
import dev.lap.cli.Lap;
import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.RegoException;
import dev.lap.policy.Tracer;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.Value;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "eval",
        description = {
            "Evaluate a query against a policy and print the answer as JSON on one line.",
            "A data ref (data.pkg.rule) prints its value; any other query prints an array with one object of variable bindings per solution.",
            "Exit 0 with an answer, 1 when undefined or evaluation fails, 2 on bad input or a policy that does not compile."
        })
final class EvalCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private QueryOptions options = new QueryOptions();

    @Option(
            names = "--explain",
            description = "Print to stderr how the answer came about: each rule entered, each statement evaluated,"
                    + " where a body failed, and each rule's value.")
    private boolean explain;

    @Override
    public Integer call() throws CliException, RegoException {
        PolicyQuery query = options.query();
        CompiledPolicy policy = options.compile();
        Value input = options.input();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        List<Tracer.Event> trace = new ArrayList<>();
        PolicyQuery.Answer answer = query.ask(policy, input, explain ? trace::add : null);
        if (explain) {
            trace.forEach(e -> err.println(e));
            err.flush();
        }
        switch (answer) {
            case PolicyQuery.Answer.Defined d -> out.println(Json.write(d.value()));
            case PolicyQuery.Answer.Solutions s -> out.println(Json.write(solutions(s.bindings())));
            case PolicyQuery.Answer.Undefined u -> {
                if (query instanceof PolicyQuery.AdHoc) {
                    out.println("[]");
                }
                err.println(name + ": undefined: " + query.text() + " has no value for this input and data");
                return Lap.EXIT_NO;
            }
            case PolicyQuery.Answer.EvalError e -> {
                err.println(e.error().render());
                err.println(name + ": evaluation failed");
                return Lap.EXIT_NO;
            }
            case PolicyQuery.Answer.InvalidQuery q -> throw new RegoException(q.errors());
        }
        return Lap.EXIT_OK;
    }

    static Value solutions(List<Map<String, Value>> bindings) {
        List<Value> rows = new ArrayList<>(bindings.size());
        for (Map<String, Value> b : bindings) {
            ObjectValue.Builder row = ObjectValue.builder(b.size());
            b.forEach(row::put);
            rows.add(row.build());
        }
        return ArrayValue.of(rows);
    }
}
