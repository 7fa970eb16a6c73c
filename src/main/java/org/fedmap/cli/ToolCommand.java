package org.fedmap.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command whose failures are one line on standard error and exit code 1: store, input and admin API
 * errors carry a message written for the operator, so no stack trace.
 */
abstract class ToolCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return execute(out, err);
        } catch (RuntimeException e) {
            err.println(e.getMessage() == null ? e.toString() : e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    abstract int execute(PrintWriter out, PrintWriter err);
}
