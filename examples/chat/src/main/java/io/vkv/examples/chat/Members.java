package io.vkv.examples.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vkv.client.Sibling;
import io.vkv.client.VkvClient;
import io.vkv.client.Versions;
import io.vkv.examples.chat.v1.MemberClaim;
import io.vkv.examples.chat.v1.Session;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;

/**
 * Nicknames in vkv: one key per member of a room holding the claim (token and server) of the session that took it. A
 * server checks that the key is free before claiming it, but two servers that have not seen each other's claim can both
 * take a nickname; the merge keeps both claims as siblings and {@link EarliestClaim} decides, the same on every server.
 */
final class Members {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final VkvClient kv;
    private final String server;

    Members(VkvClient kv, String server) {
        this.kv = kv;
        this.server = server;
    }

    /** Takes {@code nickname} in {@code room} for a new session; ALREADY_EXISTS when someone holds it. */
    Session claim(String room, String nickname) {
        String key = ChatKeys.member(room, nickname);
        Versions current = kv.get(key);
        if (!current.live().isEmpty()) {
            throw ChatError.exists("nickname '" + nickname + "' is taken in room '" + room + "'; choose another");
        }
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        MemberClaim claim = MemberClaim.newBuilder().setNickname(nickname).setToken(HexFormat.of().formatHex(token))
                .setServer(server).build();
        kv.put(key.getBytes(UTF_8), claim.toByteArray(), current.context());
        return Session.newBuilder().setRoom(room).setNickname(nickname).setToken(claim.getToken()).build();
    }

    /** The claim that holds the nickname now, if any. */
    Optional<MemberClaim> holder(String room, String nickname) {
        return winner(ChatKeys.member(room, nickname), kv.get(ChatKeys.member(room, nickname)));
    }

    /** Refuses, with PERMISSION_DENIED, a session whose nickname its claim does not hold (lost, left or forged). */
    void verify(Session session) {
        Optional<MemberClaim> holder = holder(session.getRoom(), session.getNickname());
        if (holder.isEmpty() || !holder.get().getToken().equals(session.getToken())) {
            throw ChatError.denied("nickname '" + session.getNickname() + "' in room '" + session.getRoom()
                    + "' is not held by this session (it left, or an earlier claim through another server won); join again");
        }
    }

    /** Gives the nickname back when this session holds it; does nothing otherwise. */
    void release(Session session) {
        String key = ChatKeys.member(session.getRoom(), session.getNickname());
        Versions current = kv.get(key);
        Optional<MemberClaim> holder = winner(key, current);
        if (holder.isPresent() && holder.get().getToken().equals(session.getToken())) {
            kv.delete(key.getBytes(UTF_8), current.context());
        }
    }

    /**
     * Collapses a nickname claimed twice to its winner. Only the winner's server writes, so two servers never race to
     * settle it (their two writes would be siblings again).
     */
    void settle(String key) {
        Versions seen = kv.get(key);
        Optional<MemberClaim> winner = winner(key, seen);
        if (seen.live().size() > 1 && winner.isPresent() && winner.get().getServer().equals(server)) {
            kv.put(key.getBytes(UTF_8), winner.get().toByteArray(), seen.context());
        }
    }

    /** Releases every nickname this server's sessions held: after a restart their streams are gone. */
    int releaseOwn(Iterable<String> rooms) {
        int released = 0;
        for (String room : rooms) {
            Iterator<Versions> all = kv.scanPrefix(ChatKeys.members(room), 256);
            while (all.hasNext()) {
                Versions v = all.next();
                Optional<MemberClaim> holder = winner(v.keyString(), v);
                if (holder.isPresent() && holder.get().getServer().equals(server)) {
                    kv.delete(v.key(), v.context());
                    released++;
                }
            }
        }
        return released;
    }

    static Optional<MemberClaim> winner(String key, Versions versions) {
        Optional<Sibling> winner = EarliestClaim.winner(versions.siblings());
        return winner.map(s -> Records.parse(MemberClaim.parser(), s, key));
    }
}
