package org.fedmap.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.fedmap.cli.Main;

/** Runs fedmap's command line in-process, as {@code java -jar fedmap.jar} would, capturing its output. */
public final class Cli {
    private Cli() {
    }

    /** What a command printed and its exit code. */
    public record Run(int code, String out, String err) {
    }

    public static Run fedmap(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(capture(outBytes, out));
            System.setErr(capture(errBytes, err));
            int code = Main.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * A stream for what the command prints on its own thread. An in-process server logs to the console on
     * its threads meanwhile (an admin action, say); those lines go where they went before, not into the
     * command's output.
     */
    private static PrintStream capture(OutputStream command, PrintStream elsewhere) {
        Thread commandThread = Thread.currentThread();
        OutputStream split = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                target().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                target().write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                target().flush();
            }

            private OutputStream target() {
                return Thread.currentThread() == commandThread ? command : elsewhere;
            }
        };
        return new PrintStream(split, true, StandardCharsets.UTF_8);
    }
}
