package io.vkv.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.config.ConfigException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tokens file: what a line must look like, and what each token grants. */
class TokenFileTest {

    private static String refusal(String... lines) {
        return assertThrows(ConfigException.class, () -> TokenFile.parse(List.of(lines), "tokens")).getMessage();
    }

    @Test
    void aTokenGrantsItsRoleAndTheRolesBelowIt() {
        TokenFile file = TokenFile.parse(List.of("# who may do what", "", TokenFile.line(Role.WRITE, "app", "s3cret-token") + "  # the app"),
                "tokens");
        assertEquals(Optional.of(new TokenFile.Grant("app", Role.WRITE)), file.grantOf("s3cret-token"));
        assertEquals(Optional.empty(), file.grantOf("s3cret-tokeN"));
        assertTrue(Role.WRITE.includes(Role.READ) && Role.WRITE.includes(Role.WRITE) && !Role.WRITE.includes(Role.ADMIN));
        assertTrue(Role.ADMIN.includes(Role.WRITE) && !Role.READ.includes(Role.WRITE));
    }

    @Test
    void theFileHoldsHashesNeverTokens() {
        String line = TokenFile.line(Role.READ, "r", "plain-token");
        assertTrue(line.matches("read r sha256:[0-9a-f]{64}") && !line.contains("plain-token"), line);
    }

    @Test
    void malformedLinesAreRefusedByLineNumberWithoutEchoingTheirSecrets() {
        assertEquals("auth.tokens: tokens:2: expected ROLE NAME sha256:HEX (3 fields), found 2",
                refusal("# ok", "read my-raw-token"));
        assertEquals("auth.tokens: tokens:1: unknown role 'root'; roles are read, write, admin",
                refusal("root admin sha256:" + "a".repeat(64)));
        String raw = refusal("read r my-raw-token");
        assertTrue(raw.startsWith("auth.tokens: tokens:1: the third field must be sha256:") && !raw.contains("my-raw-token"), raw);
        assertTrue(refusal("read r sha256:" + "A".repeat(64)).contains("64 lowercase hex digits"));
        assertTrue(refusal("read bad/name sha256:" + "a".repeat(64)).contains("the name must be 1..64 characters"));
        assertEquals("auth.tokens: tokens:2: the name r is already used on line 1",
                refusal("read r sha256:" + "a".repeat(64), "write r sha256:" + "b".repeat(64)));
        assertEquals("auth.tokens: tokens:2: the same token hash is listed twice",
                refusal("read r sha256:" + "a".repeat(64), "write w sha256:" + "a".repeat(64)));
    }
}
