import QuorumCore
import Testing
@testable import QuorumRaft

/// The invariant checker must catch each of Raft's five properties when broken.
@Suite("Raft invariant checker")
struct RaftInvariantCheckerTests {
    private func node(_ index: Int, term: Int, log: [Int], role: RaftRole = .follower, commit: Int = 0) -> RaftNode {
        var storage = RaftStorage()
        storage.currentTerm = term
        storage.log = RaftLog(log.enumerated().map { LogEntry(term: $1, command: .payload(UInt64(index), UInt64($0))) })
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
}
