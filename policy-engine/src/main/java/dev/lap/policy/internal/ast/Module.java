package dev.lap.policy.internal.ast;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.Location;
import java.util.List;

/** A parsed source file: {@code package} (a ref starting with {@code data}), imports and rules. */
public record Module(String file, Location loc, Term.Ref packagePath, List<Import> imports, List<Rule> rules) {
    public Module {
        requireNonNull(file, "file");
        requireNonNull(loc, "loc");
        requireNonNull(packagePath, "packagePath");
        imports = List.copyOf(imports);
        rules = List.copyOf(rules);
    }
}
