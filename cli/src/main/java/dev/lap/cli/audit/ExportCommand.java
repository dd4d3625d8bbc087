package dev.lap.cli.audit;

import dev.lap.cli.CliException;
import dev.lap.cli.Lap;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "export",
        description = {
            "Write the whole chain, records and signed checkpoints, as JSON lines: what `lap audit verify` checks.",
            "Exit 0 when written, 2 when the database or the file failed."
        })
final class ExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DbOptions db;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "Write here instead of stdout.")
    private @Nullable Path file;

    @Override
    public Integer call() throws CliException {
        var reader = db.reader();
        long records;
        try {
            if (file == null) {
                Writer out = spec.commandLine().getOut();
                records = reader.export(out);
                out.flush();
            } else {
                try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    records = reader.export(out);
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot write the export: " + e.getMessage());
        } catch (RuntimeException e) {
            throw Blocking.failed(e);
        }
        spec.commandLine().getErr().println("exported " + records + (records == 1 ? " record" : " records"));
        return Lap.EXIT_OK;
    }
}
