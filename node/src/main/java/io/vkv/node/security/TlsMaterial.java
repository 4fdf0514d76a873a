package io.vkv.node.security;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.vkv.node.config.ConfigException;
import io.vkv.node.config.TlsSettings;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A node's TLS material, loaded and checked once at start: the certificate chain it presents on every link (gRPC server,
 * calls to peers, the broker), its key, and the CAs it trusts. Certificates are not reloaded: replacing them takes a
 * restart of the node (a rolling restart for the cluster).
 */
public final class TlsMaterial {

    private static final char[] NO_PASSWORD = new char[0];

    private final TlsSettings settings;
    private final KeyManager[] keyManagers;
    private final TrustManager[] trustManagers; // null: the JVM's default trust store

    private TlsMaterial(TlsSettings settings, KeyManager[] keyManagers, TrustManager[] trustManagers) {
        this.settings = settings;
        this.keyManagers = keyManagers;
        this.trustManagers = trustManagers;
    }

    /**
     * Loads {@code settings}' files and checks them as of {@code now}: the key belongs to the certificate, which is valid
     * now, chains to {@code tls.ca} and names {@code host} (where peers and clients reach the node; a wildcard host is not
     * checked). Throws {@link ConfigException} saying what is wrong with which file; null when TLS is off.
     */
    public static TlsMaterial load(TlsSettings settings, Instant now, String host) {
        if (!settings.enabled()) {
            return null;
        }
        List<X509Certificate> chain = PemFiles.certificates("tls.cert", settings.cert().orElseThrow());
        PrivateKey key = PemFiles.privateKey("tls.key", settings.key().orElseThrow());
        List<X509Certificate> cas = settings.ca().map(p -> PemFiles.certificates("tls.ca", p)).orElse(List.of());
        CertificateChecks.keyMatches(chain.get(0), key);
        CertificateChecks.validAt(chain.get(0), now);
        if (!cas.isEmpty()) {
            CertificateChecks.chainsTo(chain, cas, now);
        }
        CertificateChecks.names(chain.get(0), host);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("node", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);
            TrustManager[] trust = null;
            if (!cas.isEmpty()) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    trusted.setCertificateEntry("ca-" + i, cas.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trusted);
                trust = tmf.getTrustManagers();
            }
            return new TlsMaterial(settings, kmf.getKeyManagers(), trust);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("tls.cert, tls.key: the JVM refused the certificate or key (" + e.getMessage() + ")");
        }
    }

    /** The gRPC server's credentials: TLS only; clients' certificates wanted (or required), and checked against tls.ca. */
    public static ServerCredentials serverCredentials(TlsMaterial tls) {
        if (tls == null) {
            return InsecureServerCredentials.create();
        }
        TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder().keyManager(tls.keyManagers);
        if (tls.trustManagers != null) {
            b.trustManager(tls.trustManagers).clientAuth(tls.settings.requireClientCertificates()
                    ? TlsServerCredentials.ClientAuth.REQUIRE : TlsServerCredentials.ClientAuth.OPTIONAL);
        }
        return b.build();
    }

    /** Credentials for calls to peers: TLS presenting this node's certificate, verifying the peer's against tls.ca. */
    public static ChannelCredentials peerCredentials(TlsMaterial tls) {
        if (tls == null) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder().keyManager(tls.keyManagers);
        if (tls.trustManagers != null) {
            b.trustManager(tls.trustManagers);
        }
        return b.build();
    }

    /** Sockets for an {@code ssl://} broker: this node's certificate, the broker's verified against tls.ca. */
    public SSLSocketFactory brokerSockets() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no TLS context", e);
        }
    }

    /** True when peers' certificates are checked against a CA of the cluster's own (tls.ca is set). */
    public boolean verifiesPeers() {
        return trustManagers != null;
    }
}
