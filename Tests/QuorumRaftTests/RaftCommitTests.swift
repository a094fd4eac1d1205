import QuorumCore
import Testing
@testable import QuorumRaft

/// Raft §5.4.2 and Figure 8: committing entries from previous terms.
@Suite("Raft §5.4.2 commitment (Figure 8)")
struct RaftCommitTests {
    /// Figure 8 (c): S1 is leader of term 4 with its term-2 entry at index 2 now on S1, S2 and S3.
    /// S5 holds a term-3 entry at index 2 and is down.
    private func figure8() -> RaftTestCluster {
        var cluster = RaftTestCluster(logs: [[1, 2], [1, 2], [1], [1], [1, 3]], terms: [3, 3, 3, 3, 3])
        cluster.crash(5)
        cluster.dropRule = { _, _, message in if case .appendEntries = message { return true } else { return false } }
        cluster.fire(1)  // S1 wins term 4 with S2, S3, S4; no AppendEntries get through yet
        cluster.dropRule = nil
        return cluster
    }

    // §5.4.2: a leader never commits an entry of a previous term by counting replicas, even when
    // a majority stores it.
    @Test func previousTermEntryOnMajorityIsNotCommitted() {
        let cluster = figure8()
        #expect(cluster[1].role == .leader && cluster[1].currentTerm == 4)
        #expect(cluster.logTerms(1) == [1, 2, 4])
        var leader = cluster.nodes[0]
        // S2 and S3 acknowledge up to index 2 (the term-2 entry): a majority with S1.
        _ = leader.handle(.message(from: NodeID(1), .appendEntriesResponse(term: 4, success: true, matchIndex: 2, rejectedIndex: 0, hintIndex: 0)))
        _ = leader.handle(.message(from: NodeID(2), .appendEntriesResponse(term: 4, success: true, matchIndex: 2, rejectedIndex: 0, hintIndex: 0)))
        #expect(leader.commitIndex == 0)
        // Once the term-4 entry is on a majority, it commits, and index 2 with it (indirectly).
        _ = leader.handle(.message(from: NodeID(1), .appendEntriesResponse(term: 4, success: true, matchIndex: 3, rejectedIndex: 0, hintIndex: 0)))
        #expect(leader.commitIndex == 0)
        _ = leader.handle(.message(from: NodeID(2), .appendEntriesResponse(term: 4, success: true, matchIndex: 3, rejectedIndex: 0, hintIndex: 0)))
        #expect(leader.commitIndex == 3)
    }

    // Figure 8 (d): why the rule exists. If S1 crashes before its term-4 entry spreads, S5 can be
    // elected (its last term 3 beats the others' 2) and overwrite index 2 everywhere, so that
    // entry was never safe to commit.
    @Test func oldTermEntryOnMajorityCanBeOverwritten() {
        var cluster = figure8()
        cluster.dropRule = { _, to, message in
            if case .appendEntries = message { return to != NodeID(2) } else { return false }
        }
        cluster.fire(1, .heartbeat)  // S3 now has index 2 from term 2: on S1, S2, S3
        #expect(cluster.logTerms(3) == [1, 2, 4])
        cluster.dropRule = nil
        cluster.crash(1)
        cluster.restart(5)
        // Term 4 is taken (everyone voted for S1), so S5 needs a second try. In term 5 S2 and S4
        // vote for it: its last term 3 beats their 2 and 1.
        cluster.fire(5)
        #expect(cluster[5].role == .candidate)
        cluster.fire(5)
        #expect(cluster[5].role == .leader && cluster[5].currentTerm == 5)
        cluster.fire(5, .heartbeat)
        #expect(cluster.logTerms(2).prefix(2) == [1, 3])
        #expect(cluster.logTerms(4).prefix(2) == [1, 3])
    }

    // Figure 2: a follower's commitIndex is min(leaderCommit, index of last new entry), and
    // followers apply committed entries in order.
    @Test func followerCommitIsBoundedByLastNewEntry() {
        var storage = RaftStorage()
        storage.currentTerm = 1
        storage.log = RaftLog([LogEntry(term: 1, command: .noop), LogEntry(term: 1, command: .noop), LogEntry(term: 1, command: .noop)])
        var follower = RaftNode(id: NodeID(1), clusterSize: 3, config: RaftConfig(), storage: storage, random: RandomStream(seed: 1))
        // The message covers entries up to index 1 only; the leader has committed 3.
        _ = follower.handle(.message(from: NodeID(0), .appendEntries(term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [LogEntry(term: 1, command: .noop)], leaderCommit: 3)))
        #expect(follower.commitIndex == 1)
        #expect(follower.lastApplied == 1)
    }
}
