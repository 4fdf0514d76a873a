package io.vkv.node.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = new Topics("prod");

    @Test
    void namesAndParsesChangeAndMemberTopics() {
        assertEquals("vkv/prod/to/n1/n2", topics.changes("n1", "n2"));
        assertEquals(new Topics.ChangeTopic("n1", "n2"), topics.parseChanges("vkv/prod/to/n1/n2"));
        assertEquals("vkv/prod/to/n1/+", topics.changesFor("n1"));
        assertEquals("vkv/prod/members/n1", topics.member("n1"));
        assertEquals("n1", topics.memberOf("vkv/prod/members/n1"));
        assertEquals("vkv/prod/members/+", topics.allMembers());
    }

    @Test
    void topicsOfOtherClustersOrMalformedOnesAreNotRecognised() {
        for (String bad : new String[] {"vkv/other/to/n1/n2", "vkv/prod/to/n1", "vkv/prod/to/", "vkv/prod/to//n2", "vkv/prod/to/-n1/n2",
                "vkv/prod/to/n1/", "vkv/prod/to/n1/n2/x", "vkv/prod/to/n1/-n2", "vkv/prod/p/1/n1"}) {
            assertNull(topics.parseChanges(bad), bad);
        }
        assertNull(topics.memberOf("vkv/prod/members/"));
        assertNull(topics.memberOf("vkv/other/members/n1"));
    }

    @Test
    void clusterNamesThatWouldBreakTopicsAreRefused() {
        for (String bad : new String[] {"", "a/b", "a+b", "a#"}) {
            assertThrows(IllegalArgumentException.class, () -> new Topics(bad), bad);
        }
    }
}
