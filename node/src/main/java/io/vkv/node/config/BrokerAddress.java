package io.vkv.node.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A broker URL, parsed in this one place: {@code tcp://} or {@code ssl://}, a host, a port, and optional MQTT
 * credentials as user info ({@code tcp://user:password@host:port}).
 *
 * @param url the URL to connect to, without the credentials (so it can be logged)
 */
public record BrokerAddress(String url, String user, String password) {

    /** Parses {@code text}; throws IllegalArgumentException saying what a broker URL looks like. */
    public static BrokerAddress parse(String text) {
        String t = text.trim();
        IllegalArgumentException refused = new IllegalArgumentException(
                "'" + text + "' is not a broker URL (tcp://host:port or ssl://host:port, or empty to run alone)");
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw refused;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/");
        if (!(scheme.equals("tcp") || scheme.equals("ssl")) || uri.getHost() == null || uri.getPort() < 1
                || !bare || uri.getQuery() != null || uri.getFragment() != null) {
            throw refused;
        }
        String info = uri.getRawUserInfo();
        if (info == null) {
            return new BrokerAddress(t, "", "");
        }
        int colon = info.indexOf(':');
        String user = decode(colon < 0 ? info : info.substring(0, colon));
        String password = colon < 0 ? "" : decode(info.substring(colon + 1));
        return new BrokerAddress(scheme + "://" + uri.getHost() + ":" + uri.getPort(), user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
