package io.vkv.cli.cluster;

/**
 * Whether this build of vkv replicates between nodes. Before replication, every node is its own whole cluster
 * and reports only itself as a member, so the launcher must not wait for nodes to see each other.
 */
public final class ReplicationBuild {

    /** A class that exists exactly when the node module replicates. */
    private static final String MARKER = "io.vkv.node.replication.Replication";

    private ReplicationBuild() {
    }

    public static boolean present() {
        try {
            Class.forName(MARKER, false, ReplicationBuild.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
