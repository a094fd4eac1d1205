import QuorumCore
import Testing
@testable import QuorumRaft

/// The invariant checker must catch each of Raft's five properties when broken.
@Suite("Raft invariant checker")
struct RaftInvariantCheckerTests {
    /// A node in a given state; its entries' payloads name node `entriesOf` (by default itself), so
    /// two nodes share entries only when they name the same one.
    private func node(_ index: Int, term: Int, log: [Int], role: RaftRole = .follower, commit: Int = 0, entriesOf: Int? = nil) -> RaftNode {
        var storage = RaftStorage()
        storage.currentTerm = term
        storage.log = RaftLog(log.enumerated().map { LogEntry(term: $1, command: .payload(UInt64(entriesOf ?? index), UInt64($0))) })
        var node = RaftNode(id: NodeID(index), clusterSize: 3, config: RaftConfig(), storage: storage, random: RandomStream(seed: 1))
        node.role = role
        node.commitIndex = commit
        return node
    }

    @Test func healthyClusterHasNoViolations() {
        var cluster = RaftTestCluster(size: 3)
        var checker = RaftInvariantChecker(nodeCount: 3)
        cluster.fire(1)
        checker.check(nodes: cluster.nodes, at: .zero)
        for sequence in 1...5 {
            cluster.request(1, .set(key: "x", value: "\(sequence)"), sequence: UInt64(sequence))
            checker.check(nodes: cluster.nodes, at: .zero)
        }
        #expect(checker.violations.isEmpty)
    }

    @Test func catchesTwoLeadersInOneTerm() {
        var checker = RaftInvariantChecker(nodeCount: 3)
        checker.check(nodes: [node(0, term: 2, log: [], role: .leader), node(1, term: 2, log: [], role: .leader)], at: .zero)
        #expect(checker.violations.contains { $0.contains("Election Safety") })
    }

    @Test func catchesLeaderRewritingItsLog() {
        var checker = RaftInvariantChecker(nodeCount: 3)
        checker.check(nodes: [node(0, term: 2, log: [1, 2], role: .leader)], at: .zero)
        checker.check(nodes: [node(0, term: 2, log: [1], role: .leader)], at: .zero)
        #expect(checker.violations.contains { $0.contains("Leader Append-Only") })
    }

    @Test func catchesLogsThatAgreeOnTermButNotOnPrefix() {
        var checker = RaftInvariantChecker(nodeCount: 3)
        // Same term at index 2, but different entries at index 1 (payloads name their node).
        checker.check(nodes: [node(0, term: 3, log: [1, 3]), node(1, term: 3, log: [1, 3])], at: .zero)
        #expect(checker.violations.contains { $0.contains("Log Matching") })
    }

    @Test func catchesDivergentCommittedEntries() {
        var checker = RaftInvariantChecker(nodeCount: 3)
        checker.check(nodes: [node(0, term: 1, log: [1], commit: 1), node(1, term: 1, log: [1], commit: 1)], at: .zero)
        #expect(checker.violations.contains { $0.contains("State Machine Safety") })
    }

    @Test func catchesLeaderMissingCommittedEntry() {
        var checker = RaftInvariantChecker(nodeCount: 3)
        checker.check(nodes: [node(0, term: 1, log: [1, 1], commit: 2)], at: .zero)
        checker.check(nodes: [node(1, term: 2, log: [1], role: .leader)], at: .zero)
        #expect(checker.violations.contains { $0.contains("Leader Completeness") })
    }

    @Test func catchesAppliedEntriesThatWereNeverCommitted() {
        var checker = RaftInvariantChecker(nodeCount: 3)
        var leader = node(0, term: 1, log: [1], role: .leader)
        leader.commitIndex = 0
        leader.lastApplied = 1  // applied without committing
        _ = leader.stateMachine.apply(leader.log[1])
        checker.check(nodes: [leader], at: .zero)
        #expect(checker.violations.contains { $0.contains("State Machine Safety") })
    }

    // §5.4 Leader Completeness: an entry committed in term 1 must be in the log of the leader of
    // every later term. The checker used to take the term of the first node it saw showing the
    // entry committed (n1, already in term 3), so it required the entries only of leaders above
    // term 3 and missed the leader of term 2. The commit term is the committing leader's.
    @Test func leaderCompletenessUsesTheTermInWhichAnEntryWasCommitted() {
        var checker = RaftInvariantChecker(nodeCount: 3)
        checker.check(nodes: [node(0, term: 3, log: [1, 1], commit: 2, entriesOf: 9),
                              node(1, term: 1, log: [1, 1], role: .leader, commit: 2, entriesOf: 9)], at: .zero)
        #expect(checker.committedInTerm == [1, 1])
        checker.check(nodes: [node(2, term: 2, log: [1], role: .leader, entriesOf: 9)], at: .zero)
        #expect(checker.violations.count == 1)
        #expect(checker.violations.contains { $0.contains("Leader Completeness") && $0.contains("term 2") })
    }

    // A node's own alarm is reported under the property it breaks.
    @Test func reportsANodesAlarmUnderItsProperty() {
        var checker = RaftInvariantChecker(nodeCount: 3)
        var leader = node(0, term: 1, log: [], role: .leader)
        leader.votedFor = leader.id
        leader.leaderID = leader.id
        _ = leader.handle(.message(from: NodeID(1), .appendEntries(term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0)))
        checker.check(nodes: [leader], at: .zero)
        #expect(checker.violations.contains { $0.contains("Election Safety") && $0.contains("two leaders in one term") })
    }
}
