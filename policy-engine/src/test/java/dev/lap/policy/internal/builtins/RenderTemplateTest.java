package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import org.junit.jupiter.api.Test;

class RenderTemplateTest {
    private static String render(String template, String varsJson) throws Exception {
        return ((StringValue) call("strings.render_template", str(template), json(varsJson))).value();
    }

    private static String error(String template, String varsJson) {
        BuiltinException e = failure("strings.render_template", str(template), json(varsJson));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        return e.getMessage();
    }

    @Test
    void fieldsPrintAsGoPrintsJsonValues() throws Exception {
        assertThat(render("{{.test}}", "{\"test\": \"hello world\"}")).isEqualTo("hello world");
        assertThat(render("{{.test}}", "{\"test\": 2023}")).isEqualTo("2023");
        assertThat(render("{{.a.b}} {{.f}} {{.t}}", "{\"a\": {\"b\": 1.5}, \"f\": false, \"t\": true}"))
                .isEqualTo("1.5 false true");
        assertThat(render("{{.l}} {{.m}}", "{\"l\": [\"x\", 1, null], \"m\": {\"b\": [1], \"a\": {\"c\": \"d\"}}}"))
                .isEqualTo("[x 1 <nil>] map[a:map[c:d] b:[1]]");
        assertThat(render("{{.}}", "{\"b\": 2, \"a\": 1}")).isEqualTo("map[a:1 b:2]");
        assertThat(render("{{$}}", "{}")).isEqualTo("map[]");
    }

    @Test
    void missingKeysAndNullRenderUndefined() throws Exception {
        assertThat(render("{{.testvarnotprovided}}", "{\"test\": \"hello world\"}"))
                .isEqualTo("<undefined>");
        assertThat(render("test {{.foo}} {{.bar}} {{.baz}}", "{\"baz\": 1}"))
                .isEqualTo("test <undefined> <undefined> 1");
        assertThat(render("{{.a.b.c}}|{{.n}}", "{\"n\": null}")).isEqualTo("<undefined>|<undefined>");
        // OPA replaces the text wherever it appears in the output.
        assertThat(render("<no value>", "{}")).isEqualTo("<undefined>");
    }

    @Test
    void rangeOverArraysObjectsAndIntegers() throws Exception {
        assertThat(render(
                        "{{range $i, $name := .hellonames}}{{if $i}},{{end}}hello {{$name}}{{end}}",
                        "{\"hellonames\": [\"rohan\", \"john doe\"]}"))
                .isEqualTo("hello rohan,hello john doe");
        assertThat(render("{{range .l}}<{{.}}>{{end}}", "{\"l\": [1, \"a\"]}")).isEqualTo("<1><a>");
        assertThat(render("{{range $v := .l}}{{$v.n}}{{end}}", "{\"l\": [{\"n\": 1}, {\"n\": 2}]}"))
                .isEqualTo("12");
        assertThat(render("{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}", "{\"m\": {\"b\": 2, \"a\": 1}}"))
                .isEqualTo("a=1;b=2;");
        assertThat(render("{{range .l}}x{{else}}empty{{end}}", "{\"l\": []}")).isEqualTo("empty");
        assertThat(render("{{range .missing}}x{{else}}none{{end}}", "{}")).isEqualTo("none");
        assertThat(render("{{range 3}}{{.}}{{end}}", "{}")).isEqualTo("012");
        assertThat(render(
                        "{{range .l}}{{if eq . \"stop\"}}{{break}}{{end}}{{if eq . \"skip\"}}{{continue}}{{end}}{{.}}{{end}}",
                        "{\"l\": [\"a\", \"skip\", \"b\", \"stop\", \"c\"]}"))
                .isEqualTo("ab");
    }

    @Test
    void setsAreArraysAndNonStringKeysAreText() throws Exception {
        Value vars = ObjectValue.of(
                StringValue.of("s"), SetValue.of(StringValue.of("b"), StringValue.of("a")),
                StringValue.of("o"), ObjectValue.of(BuiltinCalls.num(1), StringValue.of("one")));
        Value out = call("strings.render_template", str("{{.s}} {{.o}}"), vars);
        assertThat(out).isEqualTo(str("[a b] map[1:one]"));
    }

    @Test
    void conditionalsFollowGoTruth() throws Exception {
        String vars = "{\"e\": \"\", \"s\": \"x\", \"z\": 0, \"l\": [], \"m\": {}, \"f\": false, \"n\": null}";
        // Numbers are json.Number, a string type: even 0 is true.
        assertThat(render("{{if .z}}T{{else}}F{{end}}", vars)).isEqualTo("T");
        for (String field : new String[] {"e", "l", "m", "f", "n", "missing"}) {
            assertThat(render("{{if ." + field + "}}T{{else}}F{{end}}", vars))
                    .as(field)
                    .isEqualTo("F");
        }
        assertThat(render("{{if .e}}a{{else if .s}}b{{else}}c{{end}}", vars)).isEqualTo("b");
        assertThat(render("{{with .s}}[{{.}}]{{else}}none{{end}}{{with .e}}x{{else with .s}}({{.}}){{end}}", vars))
                .isEqualTo("[x](x)");
        assertThat(render("{{if and .s (not .e)}}yes{{end}} {{or .e .z}} {{and .s .e}}|", vars))
                .isEqualTo("yes 0 |");
    }

    @Test
    void variablesPipelinesAndFunctions() throws Exception {
        String vars = "{\"a\": \"x\", \"l\": [10, 20], \"m\": {\"k\": \"v\"}, \"n\": 5}";
        assertThat(render("{{$x := .a}}{{$x}}{{$x = \"y\"}}{{$x}}", vars)).isEqualTo("xy");
        assertThat(render("{{len .l}} {{len .a}} {{len .m}} {{.l | len}}", vars))
                .isEqualTo("2 1 1 2");
        assertThat(render("{{index .l 1}} {{index .m \"k\"}} {{index .m \"nope\"}}", vars))
                .isEqualTo("20 v <undefined>");
        assertThat(render("{{print .a 1 2 \"b\"}}|{{println .a 1}}|{{print .missing}}", vars))
                .isEqualTo("x1 2b|x 1\n|<nil>");
        assertThat(render("{{eq .a \"x\"}} {{ne .a \"x\"}} {{eq .a \"q\" \"x\"}} {{lt 1 2}} {{ge \"b\" \"a\"}}", vars))
                .isEqualTo("true false true true true");
        assertThat(render("{{eq .n \"5\"}}", vars)).isEqualTo("true");
        assertThat(render("{{(.m).k}} {{\"lit\"}} {{1.5}} {{0x10}} {{'a'}} {{`raw`}}", vars))
                .isEqualTo("v lit 1.5 16 97 raw");
    }

    @Test
    void trimMarkersAndComments() throws Exception {
        assertThat(render("a  {{- .x -}}  \n b", "{\"x\": 1}")).isEqualTo("a1b");
        assertThat(render("a {{/* note */}} b {{- /* trimmed */ -}} c", "{}")).isEqualTo("a  bc");
        assertThat(render("{{-3}}", "{}")).isEqualTo("-3");
    }

    @Test
    void parseErrorsUseGoText() {
        assertThat(error("{{.a", "{}")).isEqualTo("strings.render_template: template: template:1: unclosed action");
        assertThat(error("{{if .a}}x", "{}"))
                .isEqualTo("strings.render_template: template: template:1: unexpected EOF");
        assertThat(error("x\n{{end}}", "{}"))
                .isEqualTo("strings.render_template: template: template:2: unexpected {{end}}");
        assertThat(error("{{$x}}", "{}"))
                .isEqualTo("strings.render_template: template: template:1: undefined variable \"$x\"");
        assertThat(error("{{foo .a}}", "{}"))
                .isEqualTo("strings.render_template: template: template:1: function \"foo\" not defined");
        assertThat(error("{{printf \"%d\" 1}}", "{}")).contains("function \"printf\" is not supported");
        assertThat(error("{{template \"x\"}}", "{}")).contains("{{template}} is not supported");
        assertThat(error("{{break}}", "{}"))
                .isEqualTo("strings.render_template: template: template:1: {{break}} outside {{range}}");
        assertThat(error("{{}}", "{}"))
                .isEqualTo("strings.render_template: template: template:1: missing value for command");
    }

    @Test
    void executionErrorsUseGoText() {
        assertThat(error("ab{{.a.b}}", "{\"a\": \"s\"}"))
                .isEqualTo("strings.render_template: template: template:1:4: executing \"template\" at <.a.b>: "
                        + "can't evaluate field b in type interface {}");
        assertThat(error("{{.a.b}}", "{\"a\": null}")).endsWith("nil pointer evaluating interface {}.b");
        assertThat(error("{{eq .n 1}}", "{\"n\": 1}"))
                .isEqualTo("strings.render_template: template: template:1:2: executing \"template\" at <eq .n 1>: "
                        + "error calling eq: incompatible types for comparison");
        assertThat(error("{{index .l 5}}", "{\"l\": [1]}")).endsWith("error calling index: index out of range: 5");
        assertThat(error("{{range .s}}{{end}}", "{\"s\": \"abc\"}")).endsWith("range can't iterate over abc");
    }

    @Test
    void operandTypesAreChecked() {
        BuiltinException e = failure("strings.render_template", str("x"), ArrayValue.EMPTY);
        assertThat(e.code()).isEqualTo(RegoError.EVAL_TYPE);
    }
}
