package io.vkv.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vkv completion bash|zsh}: prints the shell completion script, generated from the command model. */
@Command(name = "completion", description = {
        "Print the shell completion script for bash or zsh. Load it in the current shell with:",
        "  source <(bin/vkv completion bash)      (zsh: source <(bin/vkv completion zsh))",
        "or add that line to ~/.bashrc or ~/.zshrc."})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", completionCandidates = Shells.class, converter = ShellConverter.class,
            description = "bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        // picocli's script is bash; under zsh it runs through bashcompinit, which the script loads itself.
        spec.commandLine().getOut().print(AutoComplete.bash("vkv", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The shells there is a script for. */
    static final class Shells extends ArrayList<String> {
        Shells() {
            super(List.of("bash", "zsh"));
        }
    }

    /** Refuses a shell there is no script for. */
    static final class ShellConverter implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (new Shells().contains(value)) {
                return value;
            }
            throw new picocli.CommandLine.TypeConversionException(Quote.of(value) + " is not a shell; allowed: bash, zsh");
        }
    }
}
