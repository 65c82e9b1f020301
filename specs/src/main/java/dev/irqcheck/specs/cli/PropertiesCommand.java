package dev.irqcheck.specs.cli;

import dev.irqcheck.specs.claims.PropertyId;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Lists the property catalogue with each property's exact definition. */
@Command(name = "properties", mixinStandardHelpOptions = true,
        description = "List the properties a scenario can check, with their definitions.")
final class PropertiesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (PropertyId p : PropertyId.values()) {
            spec.commandLine().getOut().println(p.id());
            spec.commandLine().getOut().println("    " + p.definition());
        }
        return ExitCode.OK.code();
    }
}
