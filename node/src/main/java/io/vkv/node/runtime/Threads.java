package io.vkv.node.runtime;

import java.util.concurrent.ThreadFactory;

/**
 * Makes the node's threads, so that who runs what is decided in one place and tests can name, count or
 * hold them: each thread is made for a job (the log writer, the snapshot scheduler, ...) and not started.
 */
@FunctionalInterface
public interface Threads {

    /** A new, unstarted thread that runs {@code body} for {@code job}. */
    Thread newThread(String job, Runnable body);

    /** A factory of threads for an executor serving {@code job}. */
    default ThreadFactory factory(String job) {
        return body -> newThread(job, body);
    }

    /** Daemon threads named {@code vkv-<job>-<owner>}: thread dumps and profiles tell nodes apart by owner (the node id). */
    static Threads daemon(String owner) {
        return (job, body) -> {
            Thread t = new Thread(body, "vkv-" + job + "-" + owner);
            t.setDaemon(true);
            return t;
        };
    }
}
