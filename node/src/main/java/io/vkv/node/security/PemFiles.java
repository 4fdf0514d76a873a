package io.vkv.node.security;

import io.vkv.node.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and PKCS#8 private keys, refusing anything else with a message naming the setting and file. */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519");

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in order (a chain: leaf first); {@code setting} names it in errors. */
    public static List<X509Certificate> certificates(String setting, Path file) {
        List<X509Certificate> certs = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 support", e);
        }
        for (Block b : blocks(setting, file)) {
            if (!b.type().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (CertificateException e) {
                throw new ConfigException(setting + ": " + file + " holds a CERTIFICATE block that is not an X.509 certificate ("
                        + e.getMessage() + ")");
            }
        }
        if (certs.isEmpty()) {
            throw new ConfigException(setting + ": " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certs;
    }

    /** The unencrypted PKCS#8 private key in {@code file} (EC, RSA or Ed25519). */
    public static PrivateKey privateKey(String setting, Path file) {
        for (Block b : blocks(setting, file)) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(setting, file, b.der());
                }
                case "EC PRIVATE KEY", "RSA PRIVATE KEY" -> throw new ConfigException(setting + ": " + file + " holds a "
                        + b.type() + " (SEC 1 / PKCS#1); convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in "
                        + file + " -out key.pem");
                case "ENCRYPTED PRIVATE KEY" -> throw new ConfigException(setting + ": " + file
                        + " holds an encrypted key; vkv reads unencrypted PKCS#8 keys (protect the file with mode 600): openssl pkcs8 -topk8 -nocrypt");
                default -> {
                }
            }
        }
        throw new ConfigException(setting + ": " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(String setting, Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException(setting + ": " + file + " holds a PRIVATE KEY block that is not an EC, RSA or Ed25519 PKCS#8 key");
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(String setting, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new ConfigException(setting + ": " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException(setting + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getDecoder().decode(m.group(2).replaceAll("\\s", ""))));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(setting + ": " + file + " has a " + m.group(1) + " block that is not valid base64");
            }
        }
        return blocks;
    }
}
