package io.vkv.cli;

import io.vkv.client.VkvClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A one-shot command against one node: connects, runs, prints, disconnects. */
abstract class ClientCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (VkvClient client = connection.connect()) {
            int status = run(client, new ResultPrinter(out, connection.json));
            out.flush();
            return status;
        }
    }

    /** Does the work; returns the exit status. Failures are thrown and reported by {@link Vkv}. */
    abstract int run(VkvClient client, ResultPrinter printer) throws Exception;

    /** Where warnings go (stderr). */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
