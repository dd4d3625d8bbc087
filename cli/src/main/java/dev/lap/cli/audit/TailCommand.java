package dev.lap.cli.audit;

import dev.lap.audit.chain.ChainRecord;
import dev.lap.audit.store.AuditReader;
import dev.lap.audit.store.Page;
import dev.lap.cli.CliException;
import dev.lap.cli.Lap;
import dev.lap.cli.policy.DurationConverter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "tail",
        description = {
            "Follow the audit log: print each matching record as it is appended, until interrupted.",
            "Starts after the newest record, or at the oldest with --from-start."
        })
final class TailCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private RecordQuery query;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How often to look for new records (default 1s).")
    private Duration interval = Duration.ofSeconds(1);

    @Option(names = "--from-start", description = "Print the existing records first.")
    private boolean fromStart;

    @Option(names = "--max", paramLabel = "N", hidden = true, description = "Stop after N records (for tests).")
    private long max = Long.MAX_VALUE;

    @Override
    public Integer call() throws CliException, InterruptedException {
        AuditReader reader = query.reader();
        Page.Cursor cursor = fromStart ? Page.Cursor.START : new Page.Cursor(Blocking.get(reader.head()));
        PrintWriter out = spec.commandLine().getOut();
        query.output().header(out);
        out.flush();
        long printed = 0;
        while (printed < max) {
            Page page = Blocking.get(reader.page(query.filter(), cursor, 1000));
            for (ChainRecord r : page.records()) {
                if (printed++ < max) {
                    query.output().print(out, r);
                }
                cursor = new Page.Cursor(r.seq());
            }
            out.flush();
            if (page.next() == null && printed < max) {
                Thread.sleep(interval);
            }
        }
        return Lap.EXIT_OK;
    }
}
