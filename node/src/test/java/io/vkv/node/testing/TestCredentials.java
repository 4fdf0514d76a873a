package io.vkv.node.testing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.security.CertificateAuthority;
import io.vkv.node.security.Role;
import io.vkv.node.security.TokenFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A cluster's TLS and token material in a directory, issued by the production {@link CertificateAuthority}. */
public final class TestCredentials {

    public static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final CertificateAuthority ca;

    private TestCredentials(Path dir, CertificateAuthority ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** A new CA named {@code name}, its certificate in {@code dir}/ca.pem, and an empty tokens file. */
    public static TestCredentials create(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.create(name, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), RANDOM);
        ca.writeCertificate(dir.resolve("ca.pem"));
        Files.writeString(dir.resolve("tokens"), "# test tokens\n");
        return new TestCredentials(dir, ca);
    }

    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    public Path tokensFile() {
        return dir.resolve("tokens");
    }

    /** Issues a certificate of {@code kind} for {@code name} valid now, naming the loopback; returns {cert, key} files. */
    public Path[] issue(CertificateAuthority.Kind kind, String name) throws IOException {
        Instant now = Instant.now();
        return issue(kind, name, LOOPBACK, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    /** Issues a certificate as given; returns {cert, key} files named after {@code name}. */
    public Path[] issue(CertificateAuthority.Kind kind, String name, List<String> hosts, Instant from, Instant to) throws IOException {
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        ca.issue(kind, name, hosts, from, to).write(cert, key);
        return new Path[] {cert, key};
    }

    /** The settings of a node {@code id} serving TLS with a node certificate of this CA, tokens required. */
    public Map<String, String> nodeSettings(String id) throws IOException {
        Path[] files = issue(CertificateAuthority.Kind.NODE, id);
        return Map.of(ConfigKey.TLS_CERT.key(), files[0].toString(), ConfigKey.TLS_KEY.key(), files[1].toString(),
                ConfigKey.TLS_CA.key(), caFile().toString(), ConfigKey.AUTH_TOKENS.key(), tokensFile().toString());
    }

    /** A new random token with {@code role}, appended to the tokens file under {@code name}. */
    public String token(Role role, String name) throws IOException {
        String token = TokenFile.newToken(RANDOM);
        Files.writeString(tokensFile(), TokenFile.line(role, name, token) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return token;
    }

    /** A TLS channel to {@code port} on the loopback trusting {@code caFile}, presenting {@code certAndKey} when not null. */
    public static ManagedChannel channel(int port, Path caFile, Path[] certAndKey, String token) throws IOException {
        TlsChannelCredentials.Builder creds = TlsChannelCredentials.newBuilder().trustManager(caFile.toFile());
        if (certAndKey != null) {
            creds.keyManager(certAndKey[0].toFile(), certAndKey[1].toFile());
        }
        NettyChannelBuilder b = NettyChannelBuilder.forAddress("127.0.0.1", port, creds.build());
        if (token != null) {
            b.intercept(bearer(token));
        }
        return b.build();
    }

    /** Adds {@code authorization: Bearer token} to every call. */
    public static ClientInterceptor bearer(String token) {
        Metadata.Key<String> key = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        headers.put(key, "Bearer " + token);
                        super.start(listener, headers);
                    }
                };
            }
        };
    }
}
