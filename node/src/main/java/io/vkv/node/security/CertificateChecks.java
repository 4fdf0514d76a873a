package io.vkv.node.security;

import io.vkv.node.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The checks a node makes of its own certificate before serving with it, so a bad one fails at start, not at every peer. */
final class CertificateChecks {

    private static final byte[] PROBE = "vkv key check".getBytes(StandardCharsets.US_ASCII);
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private CertificateChecks() {
    }

    /** Refuses a key that is not the certificate's: a signature made with it must verify with the certificate's public key. */
    static void keyMatches(X509Certificate cert, PrivateKey key) {
        try {
            Signature signer = signature(key.getAlgorithm());
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signed = signer.sign();
            Signature verifier = signature(cert.getPublicKey().getAlgorithm());
            verifier.initVerify(cert.getPublicKey());
            verifier.update(PROBE);
            if (verifier.verify(signed)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another algorithm than the certificate's: not its key either
        }
        throw new ConfigException("tls.key is not the private key of tls.cert (" + subject(cert) + "): give the key the certificate was issued for");
    }

    /** Refuses a certificate that is not yet valid or has expired at {@code now}. */
    static void validAt(X509Certificate cert, Instant now) {
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            throw new ConfigException("tls.cert (" + subject(cert) + ") is not valid until " + cert.getNotBefore().toInstant()
                    + "; it is " + now + " here (check the clock, or issue a certificate valid now)");
        }
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            throw new ConfigException("tls.cert (" + subject(cert) + ") expired on " + cert.getNotAfter().toInstant()
                    + "; issue a new one (bin/vkv cluster up --secure does for a local cluster)");
        }
    }

    /** Refuses a chain that does not lead to one of {@code cas}: peers trusting only those would refuse it. */
    static void chainsTo(List<X509Certificate> chain, List<X509Certificate> cas, Instant now) {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate ca : cas) {
                anchors.add(new TrustAnchor(ca, null));
            }
            List<X509Certificate> path = new ArrayList<>(chain);
            path.removeIf(c -> cas.contains(c));
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (CertPathValidatorException e) {
            throw new ConfigException("tls.cert (" + subject(chain.get(0)) + ", issued by " + chain.get(0).getIssuerX500Principal().getName()
                    + ") is not signed by tls.ca (" + cas.stream().map(CertificateChecks::subject).toList() + "): " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls.cert, tls.ca: cannot check the chain (" + e.getMessage() + ")");
        }
    }

    /** Refuses a certificate that does not name {@code host}, unless the host is a wildcard address (0.0.0.0, ::). */
    static void names(X509Certificate cert, String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return;
        }
        List<String> names = subjectAltNames(cert);
        if (!covers(names, host)) {
            throw new ConfigException("tls.cert (" + subject(cert) + ") names " + (names.isEmpty() ? "no host" : String.join(", ", names))
                    + " but this node is reached at " + host + " (node.advertise, else node.host): peers and clients would refuse it;"
                    + " issue a certificate with " + host + " as a subject alternative name");
        }
    }

    static boolean covers(Collection<String> names, String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        for (String name : names) {
            if (name.startsWith("IP:") && sameAddress(name.substring(3), h)) {
                return true;
            }
            if (name.startsWith("DNS:")) {
                String dns = name.substring(4).toLowerCase(Locale.ROOT);
                String lower = h.toLowerCase(Locale.ROOT);
                if (dns.equals(lower) || dns.startsWith("*.") && coversOneLabel(dns.substring(1), lower)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code *.example.com} covers {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}. */
    private static boolean coversOneLabel(String suffix, String host) {
        if (!host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static boolean sameAddress(String a, String b) {
        if (!isLiteral(a) || !isLiteral(b)) {
            return false;
        }
        try { // literals only: never a DNS lookup
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLiteral(String s) {
        return s.contains(":") || s.matches("[0-9.]+");
    }

    static List<String> subjectAltNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == SAN_DNS) {
                        names.add("DNS:" + san.get(1));
                    } else if (type == SAN_IP) {
                        names.add("IP:" + san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // unreadable names cover no host
        }
        return names;
    }

    static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return Signature.getInstance(switch (keyAlgorithm) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> keyAlgorithm;
        });
    }
}
