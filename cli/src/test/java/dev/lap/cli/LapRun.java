package dev.lap.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code lap} command, with what it printed and its exit code. */
public record LapRun(int exit, String out, String err) {
    public static LapRun lap(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Lap.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new LapRun(exit, out.toString(), err.toString());
    }
}
