package io.vkv.node.security;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Lets a call through only when its caller may make it ({@link MethodAccess}). Nodes prove themselves with a certificate
 * from the cluster's CA whose subject has {@code OU=vkv-node}; they may call anything, including the replica protocol
 * and forwarded calls, which no client credential can. Clients present a bearer token from the tokens file; its role must
 * include the method's. A call without the right credential ends UNAUTHENTICATED (none, or one not known) or
 * PERMISSION_DENIED (known, not enough), saying what is missing.
 */
public final class Authorization implements ServerInterceptor {

    /** The organizational unit that marks a node's certificate. */
    public static final String NODE_UNIT = "vkv-node";
    /** The request header naming the node that forwarded a call (the forwarding protocol's own). */
    private final Metadata.Key<String> forwardedBy;
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";

    private final TokenSource tokens; // null: clients need no token
    private final boolean nodeCertificates;

    /**
     * Checks client calls against {@code tokens} (null: any client may call any client method) and, when
     * {@code nodeCertificates}, reserves node-only calls for callers with a node certificate ({@code forwardedBy} marks a
     * forwarded call); without it, a plaintext cluster trusts its network for those.
     */
    public Authorization(TokenSource tokens, boolean nodeCertificates, Metadata.Key<String> forwardedBy) {
        this.tokens = tokens;
        this.nodeCertificates = nodeCertificates;
        this.forwardedBy = forwardedBy;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        MethodAccess.Need need = MethodAccess.of(method);
        if (need instanceof MethodAccess.Anyone || nodeCertificates && isNode(call)) {
            return next.startCall(call, headers);
        }
        if (nodeCertificates && (need instanceof MethodAccess.NodeOnly || headers.containsKey(forwardedBy))) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription(method + " is for nodes of the cluster only: the caller"
                    + " must present a certificate from the cluster's CA with OU=" + NODE_UNIT + " (a client credential is not enough)"));
        }
        if (tokens == null || need instanceof MethodAccess.NodeOnly) {
            return next.startCall(call, headers);
        }
        Role needed = ((MethodAccess.ClientRole) need).role();
        String header = headers.get(AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER) || header.length() == BEARER.length()) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(method + " needs a bearer token with role " + needed.text()
                    + " (header 'authorization: Bearer TOKEN'; the vkv tools take --token-file or $VKV_TOKEN)"
                    + (header == null ? "" : "; the authorization header sent is not of that form")));
        }
        Optional<TokenFile.Grant> grant = tokens.current().grantOf(header.substring(BEARER.length()).strip());
        if (grant.isEmpty()) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("the bearer token is not one this node accepts (mistyped,"
                    + " revoked, or of another cluster); " + method + " needs a token with role " + needed.text()));
        }
        if (!grant.get().role().includes(needed)) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription("token '" + grant.get().name() + "' has role "
                    + grant.get().role().text() + "; " + method + " needs role " + needed.text()));
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    /** True when the caller presented (and TLS verified) a certificate marked as a node's. */
    private static boolean isNode(ServerCall<?, ?> call) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return false;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf && isNodeCertificate(leaf);
        } catch (SSLPeerUnverifiedException e) {
            return false; // no client certificate
        }
    }

    /** True when {@code cert}'s subject carries {@code OU=vkv-node}. */
    public static boolean isNodeCertificate(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU") && NODE_UNIT.equals(rdn.getValue())) {
                    return true;
                }
            }
        } catch (InvalidNameException e) {
            return false;
        }
        return false;
    }
}
