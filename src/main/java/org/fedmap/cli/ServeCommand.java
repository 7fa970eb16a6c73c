package org.fedmap.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the server wiring lands. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the IF-MAP server.")
final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
