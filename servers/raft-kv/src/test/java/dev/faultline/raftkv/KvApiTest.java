package dev.faultline.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP contract of docs/protocols.md, through the leader and through followers. */
class KvApiTest {
    @TempDir
    static Path dir;
    static KvCluster cluster;
    static int leader;
    static int follower;

    @BeforeAll
    static void start() throws Exception {
        cluster = new KvCluster(dir, 3, Set.of(), 10_000).startAll();
        String l = cluster.awaitLeader();
        leader = cluster.port(l);
        follower = cluster.port(cluster.ids.stream().filter(id -> !id.equals(l)).findFirst().orElseThrow());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void putGetDeleteOnLeaderAndFollower() throws Exception {
        assertThat(Http.get(follower, "absent").body().toString()).isEqualTo("{\"key\":\"absent\",\"value\":null}");
        var put = Http.put(follower, "a", "3");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().toString()).isEqualTo("{\"key\":\"a\",\"value\":3}");
        assertThat(Http.get(leader, "a").value().asInt()).isEqualTo(3);
        assertThat(Http.get(follower, "a").value().asInt()).isEqualTo(3);
        assertThat(Http.put(leader, "s", "\"text\"").value().asText()).isEqualTo("text");
        var del = Http.call(follower, "DELETE", "/kv/a", null);
        assertThat(del.status()).isEqualTo(200);
        assertThat(del.value().isNull()).isTrue();
        assertThat(Http.get(leader, "a").value().isNull()).isTrue();
    }

    @Test
    void casSemantics() throws Exception {
        Http.put(leader, "c", "1");
        var ok = Http.cas(follower, "c", "1", "2");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().toString()).isEqualTo("{\"key\":\"c\",\"value\":2}");
        var mismatch = Http.cas(leader, "c", "1", "5");
        assertThat(mismatch.status()).isEqualTo(409);
        assertThat(mismatch.body().get("error").asText()).isEqualTo("cas-mismatch");
        assertThat(mismatch.body().get("definite").asBoolean()).isTrue();
        assertThat(mismatch.body().get("current").asInt()).isEqualTo(2);
        assertThat(Http.get(leader, "c").value().asInt()).isEqualTo(2);
        // expected null means "absent"
        assertThat(Http.cas(leader, "fresh", "null", "7").status()).isEqualTo(200);
        assertThat(Http.cas(leader, "fresh", "null", "8").status()).isEqualTo(409);
        assertThat(Http.cas(follower, "fresh", "7.0", "9").status()).isEqualTo(200);
    }

    @Test
    void appendConcatenates() throws Exception {
        assertThat(Http.append(follower, "l", "x").value().asText()).isEqualTo("x");
        assertThat(Http.append(leader, "l", "y").value().asText()).isEqualTo("xy");
        assertThat(Http.get(follower, "l").value().asText()).isEqualTo("xy");
    }

    @Test
    void statusReportsRoles() throws Exception {
        var s = Http.status(leader).body();
        assertThat(s.get("role").asText()).isEqualTo("leader");
        assertThat(s.get("leader").asText()).isEqualTo(s.get("id").asText());
        assertThat(s.get("term").asLong()).isPositive();
        assertThat(s.has("commitIndex")).isTrue();
        assertThat(s.has("lastApplied")).isTrue();
        var f = Http.status(follower).body();
        assertThat(f.get("role").asText()).isEqualTo("follower");
        assertThat(f.get("leader").asText()).isEqualTo(s.get("id").asText());
    }

    @Test
    void badRequestsGet4xxAndServerKeepsServing() throws Exception {
        for (int port : new int[] {leader, follower}) {
            var malformed = Http.call(port, "PUT", "/kv/b", "{\"value\":");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.body().get("error").asText()).isEqualTo("bad-request");
            assertThat(malformed.body().get("definite").asBoolean()).isTrue();
            assertThat(malformed.body().get("message").asText()).contains("malformed JSON");
            assertThat(Http.call(port, "PATCH", "/kv/b", "{}").status()).isEqualTo(400);
            assertThat(Http.call(port, "POST", "/kv/b", "{\"value\":1}").status()).isEqualTo(400);
            assertThat(Http.call(port, "PUT", "/kv/b", "{\"nothing\":1}").body().get("message").asText())
                    .contains("missing field \"value\"");
            assertThat(Http.call(port, "PUT", "/kv/b", "{\"value\":{\"o\":1}}").status()).isEqualTo(400);
            assertThat(Http.call(port, "PUT", "/kv/b", "[1]").status()).isEqualTo(400);
            assertThat(Http.call(port, "GET", "/nope", null).status()).isEqualTo(404);
            String big = "x".repeat((1 << 20) + 1);
            var tooLarge = Http.put(port, "b", "\"" + big + "\"");
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.body().get("error").asText()).isEqualTo("too-large");
            var huge = Http.put(port, "b", "\"" + big + big + "\"");
            assertThat(huge.status()).isEqualTo(413);
            // still serving
            assertThat(Http.put(port, "b", "42").status()).isEqualTo(200);
            assertThat(Http.get(port, "b").value().asInt()).isEqualTo(42);
        }
    }

    @Test
    void urlEncodedKeys() throws Exception {
        assertThat(Http.put(follower, "a%20b%2Bc", "1").body().get("key").asText()).isEqualTo("a b+c");
        assertThat(Http.get(leader, "a%20b%2Bc").value().asInt()).isEqualTo(1);
    }
}
