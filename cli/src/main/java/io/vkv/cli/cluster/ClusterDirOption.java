package io.vkv.cli.cluster;

import io.vkv.cli.PathConverter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dir} every cluster command takes: where the cluster's state, data and logs live. */
public final class ClusterDirOption {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:VKV_CLUSTER_DIR:-.vkv}", converter = PathConverter.Directory.class,
            description = "The cluster's directory: state, data and logs (default: $VKV_CLUSTER_DIR, else .vkv).")
    Path dir;

    public LocalCluster cluster() {
        return new LocalCluster(new ClusterDir(dir));
    }
}
