package dev.lap.cli.audit;

import dev.lap.audit.chain.ChainVerifier;
import dev.lap.audit.chain.Verification;
import dev.lap.audit.chain.VerifyingKey;
import dev.lap.cli.CliException;
import dev.lap.cli.Lap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        description = {
            "Check an export's hash chain and signed checkpoints with the checkpoint public key; no database needed.",
            "Prints 'intact: …', or the first edited, deleted, inserted or reordered record.",
            "Exit 0 intact, 1 tampered (or a bad checkpoint signature), 2 unreadable export or key."
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPORT", description = "A file written by `lap audit export`.")
    private Path export = Path.of("");

    @Option(
            names = "--public-key",
            paramLabel = "PEM",
            required = true,
            description = "The checkpoint key's public half (the .pub file beside the key).")
    private Path publicKey = Path.of("");

    @Override
    public Integer call() throws CliException {
        VerifyingKey key;
        try {
            key = VerifyingKey.fromPem(Files.readString(publicKey, StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("cannot read the public key " + publicKey + ": " + e.getMessage());
        }
        Verification result;
        try {
            result = ChainVerifier.verify(export, key);
        } catch (IOException e) {
            throw new CliException("cannot read the export " + export + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println(result.describe());
        return switch (result) {
            case Verification.Intact i -> Lap.EXIT_OK;
            case Verification.Tampered t -> Lap.EXIT_NO;
        };
    }
}
