package io.vkv.node.security;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for a cluster that has none of its own: {@code vkv cluster up --secure} and tests use it
 * to issue node, broker and client certificates (EC P-256, PKCS#8 keys in PEM). X.509 encoding is BouncyCastle's.
 */
public final class CertificateAuthority {

    /** What a certificate is for: the subject's organizational unit, and the TLS side(s) it may act as. */
    public enum Kind {
        /** A node: OU=vkv-node, server and client of TLS (it serves, calls peers and the broker). */
        NODE(Authorization.NODE_UNIT, true, true),
        /** The MQTT broker: a TLS server only. */
        BROKER("vkv-broker", true, false),
        /** A client of the cluster: a TLS client only, and never taken for a node. */
        CLIENT("vkv-client", false, true);

        private final String unit;
        private final boolean server;
        private final boolean client;

        Kind(String unit, boolean server, boolean client) {
            this.unit = unit;
            this.server = server;
            this.client = client;
        }
    }

    /** An issued certificate and its key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
        /** Writes the certificate and the key (mode 600) as PEM. */
        public void write(Path certFile, Path keyFile) throws IOException {
            writePem(certFile, certificatePem(certificate));
            writeSecret(keyFile, keyPem(key));
        }
    }

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final SecureRandom random;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, SecureRandom random) {
        this.certificate = certificate;
        this.key = key;
        this.random = random;
    }

    /** A new CA named {@code name}, valid from {@code notBefore} to {@code notAfter}. */
    public static CertificateAuthority create(String name, Instant notBefore, Instant notAfter, SecureRandom random) {
        KeyPair pair = keyPair(random);
        X500Name subject = new X500Name("O=vkv,CN=" + name);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(random), Date.from(notBefore),
                    Date.from(notAfter), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(b, pair.getPrivate()), pair.getPrivate(), random);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create a CA certificate", e);
        }
    }

    /** The CA whose certificate and key {@link #writeCertificate} and {@link #writeKey} wrote. */
    public static CertificateAuthority load(Path certFile, Path keyFile, SecureRandom random) {
        return new CertificateAuthority(PemFiles.certificates("CA certificate", certFile).get(0),
                PemFiles.privateKey("CA key", keyFile), random);
    }

    /** This CA's certificate: what nodes, brokers and clients trust. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes this CA's certificate as PEM; the CA's key is written only by {@link #writeKey}. */
    public void writeCertificate(Path file) throws IOException {
        writePem(file, certificatePem(certificate));
    }

    /** Writes this CA's key (mode 600), to issue more certificates later. */
    public void writeKey(Path file) throws IOException {
        writeSecret(file, keyPem(key));
    }

    /**
     * A certificate for {@code commonName} of {@code kind}, naming {@code hosts} (IP literals or DNS names) as subject
     * alternative names, valid from {@code notBefore} to {@code notAfter}.
     */
    public Issued issue(Kind kind, String commonName, List<String> hosts, Instant notBefore, Instant notAfter) {
        KeyPair pair = keyPair(random);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (kind.server) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (kind.client) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("O=vkv,OU=" + kind.unit + ",CN=" + commonName), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            if (!hosts.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String h : hosts) {
                    names.add(isIpLiteral(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new Issued(sign(b, key), pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
        }
    }

    private static boolean isIpLiteral(String host) {
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(host); // a literal: no lookup
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair keyPair(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
        }
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    /** {@code cert} as PEM. */
    public static String certificatePem(X509Certificate cert) {
        try {
            return pem("CERTIFICATE", cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    /** {@code key} as unencrypted PKCS#8 PEM. */
    public static String keyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void writePem(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /** Writes {@code text} to {@code file} readable by its owner only (where the file system has POSIX permissions). */
    public static void writeSecret(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
