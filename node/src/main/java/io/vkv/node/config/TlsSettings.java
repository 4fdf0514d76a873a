package io.vkv.node.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a node's TLS material is ({@code tls.*}): its certificate and key, the CA that vouches for peers, the broker and
 * client certificates, and whether clients must present one. All empty: plaintext.
 */
public record TlsSettings(Optional<Path> cert, Optional<Path> key, Optional<Path> ca, boolean requireClientCertificates) {

    public TlsSettings {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ca, "ca");
    }

    /** No TLS: every link of the node is plaintext. */
    public static TlsSettings none() {
        return new TlsSettings(Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /** True when the node serves (and calls peers) over TLS. */
    public boolean enabled() {
        return cert.isPresent();
    }
}
