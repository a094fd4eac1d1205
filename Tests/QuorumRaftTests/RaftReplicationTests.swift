import QuorumCore
import Testing
@testable import QuorumRaft

/// Raft §5.3: log replication, the consistency check, repairing divergent logs (Figure 7).
@Suite("Raft §5.3 log replication")
struct RaftReplicationTests {
    // §5.3: the leader appends a client command, replicates it, commits it once a majority stores
    // it, applies it and answers the client; followers apply it once they learn the commit index.
    @Test func clientCommandIsReplicatedCommittedAndApplied() {
        var cluster = RaftTestCluster(size: 3)
        cluster.fire(1)
        cluster.request(1, .set(key: "x", value: "3"))
        #expect(cluster[1].commitIndex == 2)
        #expect(cluster.replies == [ClientReply(client: ClientID(0), sequence: 1, body: .result(.done))])
        for number in 1...3 {
            #expect(cluster[number].log.lastIndex == 2)
            #expect(cluster[number].stateMachine.read("x") == "3")
        }
    }

    // §5.3 consistency check: a follower rejects AppendEntries whose prevLogIndex/prevLogTerm it
    // does not hold, and says where the leader should retry.
    @Test func consistencyCheckRejectsGap() {
        var follower = RaftNode(id: NodeID(1), clusterSize: 3, config: RaftConfig(), storage: RaftStorage(), random: RandomStream(seed: 1))
        let effects = follower.handle(.message(from: NodeID(0), .appendEntries(
            term: 1, prevLogIndex: 3, prevLogTerm: 1, entries: [LogEntry(term: 1, command: .noop)], leaderCommit: 0)))
        #expect(sentMessages(effects) == [.appendEntriesResponse(term: 1, success: false, matchIndex: 0, rejectedIndex: 3, hintIndex: 1)])
        #expect(follower.log.isEmpty)
    }

    // §5.3: a conflicting entry (same index, other term) and all that follow it are deleted,
    // and entries already present are not duplicated.
    @Test func conflictingEntriesAreTruncated() {
        var storage = RaftStorage()
        storage.currentTerm = 2
        storage.log = RaftLog([1, 1, 2, 2].map { LogEntry(term: $0, command: .noop) })
        var follower = RaftNode(id: NodeID(1), clusterSize: 3, config: RaftConfig(), storage: storage, random: RandomStream(seed: 1))
        let incoming = [LogEntry(term: 1, command: .noop), LogEntry(term: 3, command: .payload(7, 7))]
        let effects = follower.handle(.message(from: NodeID(0), .appendEntries(term: 3, prevLogIndex: 1, prevLogTerm: 1, entries: incoming, leaderCommit: 0)))
        #expect(follower.log.entries.map(\.term) == [1, 1, 3])
        #expect(sentMessages(effects).last == .appendEntriesResponse(term: 3, success: true, matchIndex: 3, rejectedIndex: 0, hintIndex: 0))
        // Re-delivering an older, shorter AppendEntries must not truncate anything.
        _ = follower.handle(.message(from: NodeID(0), .appendEntries(term: 3, prevLogIndex: 0, prevLogTerm: 0, entries: [incoming[0]], leaderCommit: 0)))
        #expect(follower.log.entries.map(\.term) == [1, 1, 3])
    }

    // §5.3's optimisation: the rejection names the first index of the conflicting term, so the
    // leader skips the whole term in one round trip.
    @Test func rejectionHintSkipsConflictingTerm() {
        var storage = RaftStorage()
        storage.currentTerm = 3
        storage.log = RaftLog([1, 2, 2, 2, 2].map { LogEntry(term: $0, command: .noop) })
        var follower = RaftNode(id: NodeID(1), clusterSize: 3, config: RaftConfig(), storage: storage, random: RandomStream(seed: 1))
        let effects = follower.handle(.message(from: NodeID(0), .appendEntries(term: 4, prevLogIndex: 5, prevLogTerm: 3, entries: [], leaderCommit: 0)))
        #expect(sentMessages(effects) == [.appendEntriesResponse(term: 4, success: false, matchIndex: 0, rejectedIndex: 5, hintIndex: 2)])
    }

    // Figure 7: when the leader of term 8 comes to power, followers may miss entries (a, b), have
    // extra uncommitted entries (c, d), or both (e, f). The leader forces every follower's log to
    // duplicate its own.
    @Test func figure7LeaderRepairsEveryFollower() {
        let leader = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6]
        let followers = [
            [1, 1, 1, 4, 4, 5, 5, 6, 6],  // (a)
            [1, 1, 1, 4],  // (b)
            [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],  // (c)
            [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],  // (d)
            [1, 1, 1, 4, 4, 4, 4],  // (e)
            [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],  // (f)
        ]
        var cluster = RaftTestCluster(logs: [leader] + followers, terms: Array(repeating: 7, count: 7))
        cluster.fire(1)  // votes from a, b, e, f (c and d have more up-to-date logs)
        #expect(cluster[1].role == .leader && cluster[1].currentTerm == 8)
        for _ in 0..<5 { cluster.fire(1, .heartbeat) }
        let expected = leader + [8]
        for number in 1...7 {
            #expect(cluster.logTerms(number) == expected, "follower n\(number)")
            #expect(cluster[number].log == cluster[1].log)
        }
        #expect(cluster[1].commitIndex == 11)
    }

    // §5.3: followers persist entries before acknowledging; a crashed follower keeps them.
    @Test func followerEntriesSurviveCrash() {
        var cluster = RaftTestCluster(size: 3)
        cluster.fire(1)
        cluster.request(1, .set(key: "k", value: "v"))
        cluster.crash(2)
        cluster.restart(2)
        #expect(cluster[2].log == cluster[1].log)
        #expect(cluster[2].commitIndex == 0)  // volatile, relearned from the leader
        cluster.fire(1, .heartbeat)
        #expect(cluster[2].commitIndex == 2)
        #expect(cluster[2].stateMachine.read("k") == "v")
    }

    // §8: followers redirect clients to the leader they know.
    @Test func followerRedirectsClientToLeader() {
        var cluster = RaftTestCluster(size: 3)
        cluster.fire(2)
        cluster.request(3, .get(key: "x"))
        #expect(cluster.replies == [ClientReply(client: ClientID(0), sequence: 1, body: .redirect(NodeID(1)))])
    }

    // Dissertation §6.3: a retried command is applied once; the retry gets the first answer.
    @Test func retriedCommandIsAppliedOnce() {
        var cluster = RaftTestCluster(size: 3)
        cluster.fire(1)
        cluster.request(1, .incr(key: "n"), sequence: 1)
        cluster.request(1, .incr(key: "n"), sequence: 1)
        cluster.request(1, .incr(key: "n"), sequence: 2)
        #expect(cluster.replies.map(\.body) == [.result(.counter(1)), .result(.counter(1)), .result(.counter(2))])
        #expect(cluster[2].stateMachine.read("n") == "2")
    }

    // The key-value state machine's operations and their answers.
    @Test func keyValueOperations() {
        var cluster = RaftTestCluster(size: 3)
        cluster.fire(1)
        let operations: [ClientOperation] = [
            .get(key: "x"), .set(key: "x", value: "a"), .get(key: "x"), .cas(key: "x", expected: "b", new: "c"),
            .cas(key: "x", expected: "a", new: "c"), .get(key: "x"), .incr(key: "x"), .incr(key: "n"),
        ]
        for (offset, operation) in operations.enumerated() {
            cluster.request(1, operation, sequence: UInt64(offset + 1))
        }
        #expect(cluster.replies.map(\.body) == [
            .result(.value(nil)), .result(.done), .result(.value("a")), .result(.swapped(false)),
            .result(.swapped(true)), .result(.value("c")), .result(.error("value of x is not a number")), .result(.counter(1)),
        ])
    }
}
