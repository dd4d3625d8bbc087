package dev.lap.cli;

import dev.lap.cli.audit.AuditCommand;
import dev.lap.cli.policy.PolicyCommand;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParseResult;

/** The {@code lap} command. Subcommands that exist today: {@code lap policy …}, {@code lap audit …}. */
@Command(
        name = "lap",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Lap.Version.class,
        description = "lap: a policy-driven security gateway for AI coding agents.",
        subcommands = {PolicyCommand.class, AuditCommand.class})
public final class Lap {
    /** Success; for {@code lap policy test}, every test passed. */
    public static final int EXIT_OK = 0;

    /**
     * The answer is no: for {@code lap policy}, a failing test, an undefined result, an evaluation
     * error; for {@code lap audit verify}, an export that was tampered with.
     */
    public static final int EXIT_NO = 1;

    /** Nothing was evaluated: a usage error, an unreadable file, a policy that does not compile. */
    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call this with their own output writers. */
    public static CommandLine commandLine() {
        return new CommandLine(new Lap()).setExecutionExceptionHandler(Lap::handle);
    }

    /**
     * Expected failures become a message and exit code 2; anything else is a bug and keeps its
     * stack trace.
     */
    private static int handle(Exception e, CommandLine cmd, ParseResult parsed) throws Exception {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        switch (e) {
            case CliException c -> err.println(name + ": " + c.getMessage());
            case RegoException r -> {
                for (RegoError error : r.errors()) {
                    err.println(error.render());
                }
                int n = r.errors().size();
                err.println(name + ": " + n + (n == 1 ? " error" : " errors"));
            }
            default -> throw e;
        }
        err.flush();
        return EXIT_USAGE;
    }

    /** Reads the version Maven wrote into {@code version.properties} at build time. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Lap.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"lap " + p.getProperty("version", "(unknown version)")};
        }
    }
}
