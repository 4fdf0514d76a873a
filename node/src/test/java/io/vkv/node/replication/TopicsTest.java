package io.vkv.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = new Topics("prod");

    @Test
    void namesAndParsesPartitionAndMemberTopics() {
        assertEquals("vkv/prod/p/17", topics.partition(17));
        assertEquals(17, topics.partitionOf("vkv/prod/p/17"));
        assertEquals("vkv/prod/members/n1", topics.member("n1"));
        assertEquals("n1", topics.memberOf("vkv/prod/members/n1"));
        assertEquals("vkv/prod/members/+", topics.allMembers());
    }

    @Test
    void topicsOfOtherClustersOrMalformedOnesAreNotRecognised() {
        assertEquals(-1, topics.partitionOf("vkv/other/p/1"));
        assertEquals(-1, topics.partitionOf("vkv/prod/p/"));
        assertEquals(-1, topics.partitionOf("vkv/prod/p/-1"));
        assertEquals(-1, topics.partitionOf("vkv/prod/p/1x"));
        assertEquals(-1, topics.partitionOf("vkv/prod/p/999999"));
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
