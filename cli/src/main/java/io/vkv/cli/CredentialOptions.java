package io.vkv.cli;

import io.vkv.cli.cluster.ClusterDir;
import io.vkv.cli.cluster.SecureFiles;
import io.vkv.client.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a tool proves itself to a secure cluster. Flags and their environment variables first; without them, the
 * material of a cluster directory made by {@code vkv cluster up --secure} (its CA, client certificate and admin
 * token); without that, plaintext.
 */
public final class CredentialOptions {

    @Option(names = "--tls-ca", paramLabel = "FILE", defaultValue = "${env:VKV_TLS_CA}",
            description = "Talk TLS, trusting this CA certificate (PEM; default: $VKV_TLS_CA, else the secure cluster in the cluster directory).")
    Path ca;

    @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "${env:VKV_TLS_CERT}",
            description = "Present this client certificate (PEM; with --tls-key; default $VKV_TLS_CERT).")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:VKV_TLS_KEY}",
            description = "The client certificate's PKCS#8 key (PEM; default $VKV_TLS_KEY).")
    Path key;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:VKV_TOKEN_FILE}",
            description = "Send the bearer token in FILE (default: $VKV_TOKEN_FILE, else $VKV_TOKEN, else the admin token of the"
                    + " secure cluster in the cluster directory).")
    Path tokenFile;

    /**
     * The credentials these options and the environment give. A secure cluster in {@code clusterDir} fills in what they
     * leave out (its CA and client certificate, its admin token) unless they name a CA of their own; without either,
     * plaintext.
     */
    public Credentials resolve(Path clusterDir) {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("a client certificate needs both --tls-cert and --tls-key");
        }
        String token = tokenFile != null ? read(tokenFile) : System.getenv("VKV_TOKEN");
        SecureFiles secure = new ClusterDir(clusterDir).secure();
        if (ca == null && secure.exist()) {
            Credentials c = secure.admin();
            c = cert != null ? Credentials.tls(secure.ca()).withCertificate(cert, key).withToken(c.token().orElseThrow()) : c;
            return token == null ? c : c.withToken(token);
        }
        if (ca == null) {
            if (cert != null || token != null) {
                throw new IllegalArgumentException("a token or a client certificate is sent only over TLS: give the cluster's CA with --tls-ca");
            }
            return Credentials.plaintext();
        }
        Credentials c = Credentials.tls(ca);
        if (cert != null) {
            c = c.withCertificate(cert, key);
        }
        return token == null ? c : c.withToken(token);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage());
        }
    }
}
