package io.vkv.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client reaches a cluster: plaintext, or TLS trusting the cluster's CA, optionally presenting a client certificate,
 * and a bearer token that names the client's role. Tokens travel only over TLS.
 */
public final class Credentials {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Path ca; // null: plaintext
    private final Path cert;
    private final Path key;
    private final String token;

    private Credentials(Path ca, Path cert, Path key, String token) {
        this.ca = ca;
        this.cert = cert;
        this.key = key;
        this.token = token;
    }

    /** No TLS, no token: a cluster started without {@code tls.*}. */
    public static Credentials plaintext() {
        return new Credentials(null, null, null, null);
    }

    /** TLS, trusting the CA certificate(s) in {@code caFile} (PEM). */
    public static Credentials tls(Path caFile) {
        return new Credentials(certificates("CA", readable("CA", caFile)), null, null, null);
    }

    /** The same, presenting the client certificate {@code certFile} with its PKCS#8 key {@code keyFile} (both PEM). */
    public Credentials withCertificate(Path certFile, Path keyFile) {
        requireTls("a client certificate");
        return new Credentials(ca, certificates("certificate", readable("certificate", certFile)), pkcs8(readable("key", keyFile)), token);
    }

    /** The same, sending {@code bearerToken} with every call. */
    public Credentials withToken(String bearerToken) {
        requireTls("a token");
        Objects.requireNonNull(bearerToken, "token");
        String t = bearerToken.strip();
        if (t.isEmpty() || !t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("a token is printable ASCII without spaces (got "
                    + (t.isEmpty() ? "an empty one" : "other characters") + ")");
        }
        return new Credentials(ca, cert, key, t);
    }

    /** True when calls go over TLS. */
    public boolean secure() {
        return ca != null;
    }

    /** The token sent, if any. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** A channel builder for {@code host:port} with these credentials (and the token on every call). */
    public ManagedChannelBuilder<?> channelBuilder(String host, int port) {
        ManagedChannelBuilder<?> b = Grpc.newChannelBuilderForAddress(host, port, channelCredentials());
        if (token != null) {
            b.intercept(bearer());
        }
        return b;
    }

    private ChannelCredentials channelCredentials() {
        if (ca == null) {
            return InsecureChannelCredentials.create();
        }
        try {
            TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder().trustManager(ca.toFile());
            if (cert != null) {
                b.keyManager(cert.toFile(), key.toFile());
            }
            return b.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the TLS files (CA " + ca + (cert == null ? "" : ", certificate " + cert
                    + ", key " + key) + "): " + e.getMessage(), e);
        }
    }

    private ClientInterceptor bearer() {
        String value = "Bearer " + token;
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        headers.put(AUTHORIZATION, value);
                        super.start(listener, headers);
                    }
                };
            }
        };
    }

    private void requireTls(String what) {
        if (ca == null) {
            throw new IllegalArgumentException(what + " is sent only over TLS: start from Credentials.tls(the cluster's CA file)");
        }
    }

    /** Refuses a file that holds no PEM certificate, now rather than at the first call. */
    private static Path certificates(String what, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new IllegalArgumentException("the " + what + " file " + file + " holds no certificate");
            }
            return file;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("the " + what + " file " + file + " is not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    /** Refuses a key file that is not an unencrypted PKCS#8 PEM key, the form gRPC reads. */
    private static Path pkcs8(Path file) {
        try {
            if (!Files.readString(file, StandardCharsets.ISO_8859_1).contains("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalArgumentException("the key file " + file + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY);"
                        + " convert it with: openssl pkcs8 -topk8 -nocrypt");
            }
            return file;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key file " + file + ": " + e.getMessage());
        }
    }

    private static Path readable(String what, Path file) {
        Objects.requireNonNull(file, what + " file");
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("the " + what + " file " + file + (Files.exists(file) ? " is not readable" : " does not exist"));
        }
        return file;
    }

    @Override
    public String toString() {
        return ca == null ? "plaintext" : "TLS (CA " + ca + (cert == null ? "" : ", certificate " + cert) + (token == null ? "" : ", token") + ")";
    }
}
