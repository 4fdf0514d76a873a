package io.vkv.cli.cluster;

import io.vkv.client.Credentials;
import io.vkv.node.security.CertificateAuthority;
import io.vkv.node.security.Role;
import io.vkv.node.security.TokenFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS and token material of a secure local cluster, under {@code DIR/secure}: a CA made for the cluster, a
 * certificate per node (OU=vkv-node), one for the broker and one for clients, a hashed tokens file the nodes read, and
 * one token per role for the tools. {@code vkv cluster up --secure} creates it; every other command finds it here.
 */
public final class SecureFiles {

    /** Certificates of a local cluster outlive any test or demo, and are renewed by deleting DIR/secure. */
    private static final Duration VALIDITY = Duration.ofDays(825);
    private static final List<String> LOCAL_HOSTS = List.of("127.0.0.1", "localhost", "::1");
    private static final String CLIENT = "client";

    private final Path dir;
    private final SecureRandom random = new SecureRandom();

    SecureFiles(Path clusterRoot) {
        this.dir = clusterRoot.resolve("secure");
    }

    /** True when the cluster was created secure. */
    public boolean exist() {
        return Files.isRegularFile(ca());
    }

    public Path ca() {
        return dir.resolve("ca.pem");
    }

    /** The hashed tokens file the nodes check calls against. */
    public Path tokens() {
        return dir.resolve("tokens");
    }

    /** The file holding the token of {@code role}. */
    public Path tokenFile(Role role) {
        return dir.resolve(role.text() + ".token");
    }

    /** Creates the CA, the broker's and the clients' certificates and a token per role; nothing when they exist. */
    void create() throws IOException {
        if (exist()) {
            return;
        }
        Files.createDirectories(dir);
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.create("vkv local CA " + dir.toAbsolutePath().getParent().getFileName(),
                now.minus(Duration.ofHours(1)), now.plus(VALIDITY), random);
        ca.writeKey(dir.resolve("ca.key"));
        issue(ca, CertificateAuthority.Kind.BROKER, "broker");
        issue(ca, CertificateAuthority.Kind.CLIENT, CLIENT);
        List<String> lines = new ArrayList<>(List.of("# vkv tokens: ROLE NAME sha256:HEX (bin/vkv token new adds one; nodes re-read this file)"));
        for (Role role : Role.values()) {
            String token = TokenFile.newToken(random);
            CertificateAuthority.writeSecret(tokenFile(role), token + "\n");
            lines.add(TokenFile.line(role, role.text(), token));
        }
        Files.write(tokens(), lines, StandardCharsets.UTF_8);
        ca.writeCertificate(ca()); // last: its presence marks the material complete
    }

    /** The certificate and key of node {@code id}, issued now when it has none. */
    Path[] node(String id) throws IOException {
        Path[] files = files(id);
        if (!Files.isRegularFile(files[0])) {
            issue(CertificateAuthority.load(ca(), dir.resolve("ca.key"), random), CertificateAuthority.Kind.NODE, id);
        }
        return files;
    }

    /** The broker's certificate and key. */
    Path[] broker() {
        return files("broker");
    }

    /** The flags that make node {@code id} serve TLS only, require client certificates of this CA and check tokens. */
    List<String> nodeFlags(String id) throws IOException {
        Path[] files = node(id);
        return List.of("--tls-cert", files[0].toString(), "--tls-key", files[1].toString(), "--tls-ca", ca().toString(),
                "--tls-client-auth", "require", "--auth-tokens", tokens().toString());
    }

    /** What the launcher presents to the nodes: the clients' certificate and the admin token. */
    public Credentials admin() {
        return credentials(Role.ADMIN);
    }

    /** What the tools present: this CA, the clients' certificate and the token of {@code role}. */
    public Credentials credentials(Role role) {
        Path[] client = files(CLIENT);
        try {
            String token = Files.readString(tokenFile(role), StandardCharsets.US_ASCII).strip();
            return Credentials.tls(ca()).withCertificate(client[0], client[1]).withToken(token);
        } catch (IOException e) {
            throw new ClusterException("cannot read the " + role.text() + " token of the secure cluster: " + e.getMessage(), e);
        }
    }

    /** Adds a new token of {@code role} named {@code name} to this cluster's tokens file; returns it. */
    public String addToken(Role role, String name) throws IOException {
        return appendToken(tokens(), role, name, random);
    }

    /**
     * Adds a new token of {@code role} named {@code name} to the tokens file {@code file} (nodes reading it take it within
     * a second) and returns it. Refuses, before touching the file, what the nodes would refuse (a name already used).
     */
    public static String appendToken(Path file, Role role, String name, SecureRandom random) throws IOException {
        String token = TokenFile.newToken(random);
        List<String> lines = new ArrayList<>(Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of());
        lines.add(TokenFile.line(role, name, token));
        TokenFile.parse(lines, file.toString());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return token;
    }

    private void issue(CertificateAuthority ca, CertificateAuthority.Kind kind, String name) throws IOException {
        Instant now = Instant.now();
        Path[] files = files(name);
        ca.issue(kind, name, LOCAL_HOSTS, now.minus(Duration.ofHours(1)), now.plus(VALIDITY)).write(files[0], files[1]);
    }

    private Path[] files(String name) {
        return new Path[] {dir.resolve(name + ".pem"), dir.resolve(name + ".key")};
    }
}
