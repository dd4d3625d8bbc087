package dev.lap.cli.audit;

import dev.lap.audit.chain.ChainRecord;
import dev.lap.audit.store.AuditReader;
import dev.lap.audit.store.Page;
import dev.lap.cli.CliException;
import dev.lap.cli.Lap;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "query",
        description = {
            "Print the records that match every filter given, oldest first, one page at a time.",
            "When more match than --limit, stderr says how to ask for the next page (--after CURSOR).",
            "Exit 0 when the query ran (even with no match), 2 when it could not."
        })
final class QueryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private RecordQuery query;

    @Option(names = "--limit", paramLabel = "N", description = "Records per page, 1 to 10000 (default 100).")
    private int limit = 100;

    @Option(
            names = "--after",
            paramLabel = "CURSOR",
            description = "Continue after this cursor (from the previous page).")
    private @Nullable String after;

    @Override
    public Integer call() throws CliException {
        if (limit < 1 || limit > AuditReader.MAX_PAGE) {
            throw new CliException("--limit must be 1 to " + AuditReader.MAX_PAGE);
        }
        Page.Cursor cursor;
        try {
            cursor = after == null ? Page.Cursor.START : Page.Cursor.parse(after);
        } catch (IllegalArgumentException e) {
            throw new CliException("--after takes the cursor a previous page printed, such as s120");
        }
        Page page = Blocking.get(query.reader().page(query.filter(), cursor, limit));
        PrintWriter out = spec.commandLine().getOut();
        query.output().header(out);
        for (ChainRecord r : page.records()) {
            query.output().print(out, r);
        }
        out.flush();
        if (page.next() != null) {
            spec.commandLine().getErr().println("more: --after " + page.next());
        }
        return Lap.EXIT_OK;
    }
}
