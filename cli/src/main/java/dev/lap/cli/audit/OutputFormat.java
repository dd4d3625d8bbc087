package dev.lap.cli.audit;

import dev.lap.audit.EventTime;
import dev.lap.audit.chain.ChainRecord;
import dev.lap.audit.chain.ExportFormat;
import dev.lap.audit.store.CsvFormat;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * How {@code query} and {@code tail} print records: {@code json} (the export's JSON lines, hashes
 * included), {@code csv} (with a header), or {@code table} (a fixed set of columns for people).
 */
enum OutputFormat {
    JSON,
    CSV,
    TABLE;

    private static final String ROW = "%-6s %-27s %-9s %-12s %-28s %-6s %-16s %s%n";

    void header(PrintWriter out) {
        switch (this) {
            case JSON -> {}
            case CSV -> out.print(CsvFormat.header());
            case TABLE -> out.printf(ROW, "SEQ", "TIME", "KIND", "USER", "HOST", "DEC", "RULE", "CREDENTIAL / DETAIL");
        }
    }

    void print(PrintWriter out, ChainRecord r) {
        switch (this) {
            case JSON -> out.println(ExportFormat.line(r));
            case CSV -> out.print(CsvFormat.line(r));
            case TABLE -> {
                var f = r.fields();
                String credential = f.column("credential_id");
                out.printf(
                        ROW,
                        r.seq(),
                        EventTime.format(r.time()),
                        f.kind(),
                        dash(f.column("user")),
                        dash(f.column("host")),
                        dash(f.column("decision")),
                        dash(f.column("rule")),
                        credential != null
                                ? credential
                                : f.detail()
                                        .getOrDefault(
                                                "reason",
                                                Objects.toString(f.detail().get("event"), "-")));
            }
        }
    }

    /** Reads {@code json}, {@code csv} or {@code table}. */
    static final class Converter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String text) {
            return switch (text) {
                case "json" -> JSON;
                case "csv" -> CSV;
                case "table" -> TABLE;
                default ->
                    throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not json, csv or table");
            };
        }
    }

    private static String dash(@org.jspecify.annotations.Nullable String s) {
        return s == null ? "-" : s;
    }
}
