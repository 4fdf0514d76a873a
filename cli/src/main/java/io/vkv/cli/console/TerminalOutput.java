package io.vkv.cli.console;

import java.io.PrintWriter;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/** Console output on a JLine terminal: values bold, notes cyan, errors red, where the terminal has colour. */
final class TerminalOutput implements ConsoleOutput {

    private static final AttributedStyle VALUE = AttributedStyle.BOLD;
    private static final AttributedStyle NOTE = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);

    private final Terminal terminal;

    TerminalOutput(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void line(String text) {
        print(text, AttributedStyle.DEFAULT);
    }

    @Override
    public void value(String text) {
        print(text, VALUE);
    }

    @Override
    public void note(String text) {
        print(text, NOTE);
    }

    @Override
    public void error(String text) {
        print(text, ERROR);
    }

    /** {@code text} styled for this terminal (plain on one without colour). */
    String styled(String text, AttributedStyle style) {
        return new AttributedString(text, style).toAnsi(terminal);
    }

    // Watch events arrive on gRPC threads while the console thread may print too: one line at a time.
    private synchronized void print(String text, AttributedStyle style) {
        PrintWriter w = terminal.writer();
        w.println(styled(text, style));
        w.flush();
    }
}
