package io.vkv.cli;

import io.vkv.cli.cluster.ClusterDir;
import io.vkv.cli.cluster.SecureFiles;
import io.vkv.client.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How a tool proves itself to a secure cluster. Flags and their environment variables first; without them, the
 * material of a cluster directory made by {@code vkv cluster up --secure} (its CA, client certificate and admin
 * token); without that, plaintext.
 */
public final class CredentialOptions {

    @Option(names = "--tls-ca", paramLabel = "FILE", defaultValue = "${env:VKV_TLS_CA}", converter = PathConverter.ExistingFile.class,
            description = "Talk TLS, trusting this CA certificate (PEM; default: $VKV_TLS_CA, else the secure cluster in the cluster directory).")
    Path ca;

    @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "${env:VKV_TLS_CERT}", converter = PathConverter.ExistingFile.class,
            description = "Present this client certificate (PEM; with --tls-key; default $VKV_TLS_CERT).")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:VKV_TLS_KEY}", converter = PathConverter.ExistingFile.class,
            description = "The client certificate's PKCS#8 key (PEM; default $VKV_TLS_KEY).")
    Path key;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:VKV_TOKEN_FILE}", converter = PathConverter.ExistingFile.class,
            description = "Send the bearer token in FILE (default: $VKV_TOKEN_FILE, else $VKV_TOKEN, else the admin token of the"
                    + " secure cluster in the cluster directory).")
    Path tokenFile;

    /**
     * The credentials these options and the environment give. A secure cluster in {@code clusterDir} fills in what they
     * leave out (its CA and client certificate, its admin token) unless they name a CA of their own; without either,
     * plaintext. What cannot be used is a usage error of {@code cmd}, naming the option.
     */
    public Credentials resolve(Path clusterDir, CommandLine cmd) {
        if ((cert == null) != (key == null)) {
            throw new ParameterException(cmd, "a client certificate needs both --tls-cert and --tls-key");
        }
        String token = tokenFile != null ? read(tokenFile, cmd) : System.getenv("VKV_TOKEN");
        SecureFiles secure = new ClusterDir(clusterDir).secure();
        Path trusted = ca != null ? ca : secure.exist() ? secure.ca() : null;
        if (trusted == null) {
            if (cert != null || token != null) {
                throw new ParameterException(cmd, "--tls-cert and --token-file are sent only over TLS: give the cluster's CA with --tls-ca");
            }
            return Credentials.plaintext();
        }
        Credentials c = use(cmd, "--tls-ca", () -> Credentials.tls(trusted));
        if (cert != null) {
            Credentials tls = c;
            c = use(cmd, "--tls-cert, --tls-key", () -> tls.withCertificate(cert, key));
        } else if (ca == null) {
            c = secure.admin(); // the secure cluster's own: its client certificate and admin token
        }
        if (token != null) {
            Credentials chosen = c;
            c = use(cmd, tokenFile != null ? "--token-file" : "$VKV_TOKEN", () -> chosen.withToken(token));
        }
        return c;
    }

    private static Credentials use(CommandLine cmd, String option, java.util.function.Supplier<Credentials> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, option + ": " + e.getMessage());
        }
    }

    private static String read(Path file, CommandLine cmd) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ParameterException(cmd, "--token-file: cannot read " + file + ": " + e.getMessage());
        }
    }
}
