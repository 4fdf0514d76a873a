package io.vkv.cli.console;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Tab completion: command names first, then the keys seen so far, node names after use, command names after help. */
final class ConsoleCompleter implements Completer {

    private final CommandDispatcher dispatcher;

    ConsoleCompleter(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            dispatcher.names().forEach(n -> candidates.add(new Candidate(n)));
            return;
        }
        if (line.wordIndex() != 1) {
            return;
        }
        dispatcher.command(line.words().get(0)).ifPresent(c -> {
            List<String> options = switch (c.completion()) {
                case KEY -> dispatcher.session().seenKeys();
                case NODE -> dispatcher.session().nodes().names();
                case COMMAND -> dispatcher.names();
                case NONE -> List.of();
            };
            options.forEach(o -> candidates.add(new Candidate(o)));
        });
    }
}
