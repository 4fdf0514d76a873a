package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.cli.console.Tmux;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The completion script as a user installs it (the README's one-liner) in a real bash in a real terminal. */
class ShellCompletionIT {

    private static final Path ROOT = Path.of(System.getProperty("basedir", "cli")).toAbsolutePath().getParent();

    @Test
    void bashCompletesCommandsAndListsSubcommands() throws Exception {
        try (Tmux t = new Tmux("cd '" + ROOT + "' && env PS1='$ ' bash --norc --noprofile -i")) {
            t.awaitShown("$ ");
            // The script as bin/vkv prints it, from the jar this build packaged (bin/vkv would rebuild a jar older than a test).
            t.line("source <(java -jar cli/target/vkv.jar completion bash)");
            t.line("echo loaded-$((20+22))");
            t.awaitShown("loaded-42");

            t.keys("bin/vkv clu");
            t.press("Tab");
            t.awaitShown("$ bin/vkv cluster");

            t.press("Tab", "Tab");
            String screen = t.awaitShown("restart");
            assertTrue(screen.matches("(?s).*down +join +kill +leave +logs +restart +start +status +stop +up\\b.*"), screen);
        }
    }
}
