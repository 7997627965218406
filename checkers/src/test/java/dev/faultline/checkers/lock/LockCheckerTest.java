package dev.faultline.checkers.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.checkers.result.CheckResult;
import dev.faultline.checkers.result.Validity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LockCheckerTest {
    @Test
    void composesBothCheckersAndItsEvidenceSerialisesToJson() throws Exception {
        CheckResult r = new LockChecker().check(new LockHistoryBuilder()
                .acquired(1, "L", 1000, 0, 10, 5)
                .acquired(2, "L", 1000, 100, 110, 9)
                .wrote(2, "L", 9, "b", 120, 130, 1)
                .wrote(1, "L", 5, "a", 140, 150, 2)
                .build());
        assertThat(r.checker()).isEqualTo("lock");
        assertThat(r.validity()).isEqualTo(Validity.INVALID);
        assertThat(r.children()).extracting(CheckResult::checker).containsExactly("lock-mutual-exclusion", "lock-fencing");
        JsonNode json = new ObjectMapper().valueToTree(r);
        JsonNode overlap = json.path("children").path(0).path("detail").path("overlaps").path(0);
        assertThat(overlap.path("first").path("token").asLong()).isEqualTo(5);
        assertThat(overlap.path("second").path("token").asLong()).isEqualTo(9);
        JsonNode stale = json.path("children").path(1).path("children").path(0).path("detail").path("listed").path(0);
        assertThat(stale.path("token").asLong()).isEqualTo(5);
        assertThat(stale.path("highestToken").asLong()).isEqualTo(9);
    }

    @Test
    void fencingOnlyJudgesTheResourceAndStillNamesOverlappingHolds() {
        // Two holders at once (a lease that ended early on the lock's side), but the resource took
        // their writes in token order: the data is safe, the lock did not exclude.
        LockHistoryBuilder overlapInOrder = new LockHistoryBuilder()
                .acquired(1, "L", 1000, 0, 10, 5)
                .acquired(2, "L", 1000, 100, 110, 9)
                .wrote(1, "L", 5, "a", 120, 130, 1)
                .wrote(2, "L", 9, "b", 140, 150, 2);
        assertThat(new LockChecker().check(overlapInOrder.build()).validity()).isEqualTo(Validity.INVALID);
        CheckResult r = LockChecker.fencingOnly().check(overlapInOrder.build());
        assertThat(r.validity()).isEqualTo(Validity.VALID);
        assertThat(r.children()).extracting(CheckResult::checker).containsExactly("lock-fencing");
        assertThat(r.summary()).contains("mutual exclusion (not part of the verdict): invalid").contains("overlapping");

        CheckResult stale = LockChecker.fencingOnly().check(new LockHistoryBuilder()
                .acquired(1, "L", 1000, 0, 10, 5)
                .acquired(2, "L", 1000, 100, 110, 9)
                .wrote(2, "L", 9, "b", 120, 130, 1)
                .wrote(1, "L", 5, "a", 140, 150, 2)
                .build());
        assertThat(stale.validity()).isEqualTo(Validity.INVALID);
    }
}
