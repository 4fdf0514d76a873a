package io.vkv.cli.console;

/** Where the console writes; styles are hints that a terminal without colour ignores. Safe to call from any thread. */
interface ConsoleOutput {

    /** Plain text: keys, values, tables. */
    void line(String text);

    /** A value read from the store. */
    void value(String text);

    /** A remark on what happened (e.g. that a write was blind). */
    void note(String text);

    /** A failure, one line. */
    void error(String text);
}
