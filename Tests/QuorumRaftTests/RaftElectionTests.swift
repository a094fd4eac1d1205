import QuorumCore
import Testing
@testable import QuorumRaft

/// Raft §5.1, §5.2 and §5.4.1: terms, leader election, the voting restriction.
@Suite("Raft §5.2 leader election")
struct RaftElectionTests {
    // §5.2: a follower whose election timer fires becomes a candidate, votes for itself and asks
    // every other server for a vote; with a majority it becomes leader.
    @Test func followerTimeoutStartsElectionAndWins() {
        var cluster = RaftTestCluster(size: 3)
        cluster.fire(1)
        #expect(cluster[1].role == .leader)
        #expect(cluster[1].currentTerm == 1)
        #expect(cluster[2].role == .follower && cluster[2].leaderID == NodeID(0))
        #expect(cluster[3].votedFor == NodeID(0))
        #expect(cluster.leaders == [1])
    }

    // §5.2: each server votes for at most one candidate in a given term, first come first served.
    @Test func atMostOneVotePerTerm() {
        var node = RaftNode(id: NodeID(2), clusterSize: 3, config: RaftConfig(), storage: RaftStorage(), random: RandomStream(seed: 1))
        let first = node.handle(.message(from: NodeID(0), .requestVote(term: 1, lastLogIndex: 0, lastLogTerm: 0)))
        let second = node.handle(.message(from: NodeID(1), .requestVote(term: 1, lastLogIndex: 0, lastLogTerm: 0)))
        #expect(sentMessages(first) == [.requestVoteResponse(term: 1, granted: true)])
        #expect(sentMessages(second) == [.requestVoteResponse(term: 1, granted: false)])
        // Asking again for the vote it already has is granted again (a retransmission).
        let again = node.handle(.message(from: NodeID(0), .requestVote(term: 1, lastLogIndex: 0, lastLogTerm: 0)))
        #expect(sentMessages(again) == [.requestVoteResponse(term: 1, granted: true)])
    }

    // §5.2: the vote is persisted before it is sent, so a crash cannot make a server vote twice.
    @Test func voteSurvivesCrash() {
        var cluster = RaftTestCluster(size: 3)
        cluster.cut(1, 2)
        cluster.fire(1)  // n1 gets n3's vote in term 1
        #expect(cluster[3].votedFor == NodeID(0))
        cluster.crash(3)
        cluster.restart(3)
        #expect(cluster[3].votedFor == NodeID(0))
        #expect(cluster[3].currentTerm == 1)
        var restarted = cluster.nodes[2]
        let answer = restarted.handle(.message(from: NodeID(1), .requestVote(term: 1, lastLogIndex: 5, lastLogTerm: 1)))
        #expect(sentMessages(answer) == [.requestVoteResponse(term: 1, granted: false)])
    }

    // §5.1: a server that sees a larger term adopts it and becomes a follower; a request with a
    // smaller term is rejected.
    @Test func largerTermMakesFollowerSmallerTermIsRejected() {
        var cluster = RaftTestCluster(size: 3)
        cluster.fire(1)
        var leader = cluster.nodes[0]
        _ = leader.handle(.message(from: NodeID(2), .appendEntriesResponse(term: 5, success: false, matchIndex: 0, rejectedIndex: 0, hintIndex: 0)))
        #expect(leader.role == .follower)
        #expect(leader.currentTerm == 5)
        #expect(leader.votedFor == nil)
        let stale = leader.handle(.message(from: NodeID(1), .appendEntries(term: 2, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0)))
        #expect(sentMessages(stale) == [.appendEntriesResponse(term: 5, success: false, matchIndex: 0, rejectedIndex: 0, hintIndex: 0)])
    }

    // §5.2: a candidate that receives AppendEntries from a leader of its term returns to follower.
    @Test func candidateStepsDownForLeaderOfSameTerm() {
        var node = RaftNode(id: NodeID(1), clusterSize: 3, config: RaftConfig(), storage: RaftStorage(), random: RandomStream(seed: 1))
        _ = node.handle(.timer(.election))
        #expect(node.role == .candidate && node.currentTerm == 1)
        _ = node.handle(.message(from: NodeID(0), .appendEntries(term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0)))
        #expect(node.role == .follower)
        #expect(node.leaderID == NodeID(0))
    }

    // §5.2: without a majority (split vote) a candidate stays candidate; its next timeout starts a
    // new election in a higher term.
    @Test func splitVoteLeadsToNewTerm() {
        var cluster = RaftTestCluster(size: 4)
        cluster.cut(1, 3); cluster.cut(1, 4); cluster.cut(2, 3); cluster.cut(2, 4)
        cluster.fire(1, deliver: false)
        cluster.fire(3, deliver: false)
        cluster.deliverAll()
        // n1 has votes of n1, n2; n3 has n3, n4: two of four each, no majority (3).
        #expect(cluster[1].role == .candidate && cluster[3].role == .candidate)
        cluster.heal()
        cluster.fire(3)
        #expect(cluster[3].role == .leader)
        #expect(cluster[3].currentTerm == 2)
    }

    // §5.2: election timeouts are drawn at random from a range, so that split votes are rare.
    @Test func electionTimeoutsAreRandomizedWithinRange() {
        var node = RaftNode(id: NodeID(0), clusterSize: 3, config: RaftConfig(), storage: RaftStorage(), random: RandomStream(seed: 9))
        var timeouts: Set<Int64> = []
        for _ in 0..<50 {
            for case .setTimer(.election, let after) in node.handle(.start) { timeouts.insert(after) }
        }
        #expect(timeouts.count > 30)
        #expect(timeouts.allSatisfy { (150_000...300_000).contains($0) })
    }

    // §5.4.1: a voter denies its vote to a candidate whose log is less up-to-date: an older last
    // term loses, and with equal last terms the shorter log loses.
    @Test(arguments: [
        (candidateLastTerm: 1, candidateLastIndex: 5, granted: false),  // older last term, longer log
        (candidateLastTerm: 2, candidateLastIndex: 1, granted: false),  // same last term, shorter
        (candidateLastTerm: 2, candidateLastIndex: 2, granted: true),  // same last term, same length
        (candidateLastTerm: 3, candidateLastIndex: 1, granted: true),  // newer last term, shorter
    ])
    func votingRestriction(candidateLastTerm: Int, candidateLastIndex: Int, granted: Bool) {
        var storage = RaftStorage()
        storage.currentTerm = 2
        storage.log = RaftLog([LogEntry(term: 1, command: .noop), LogEntry(term: 2, command: .noop)])
        var voter = RaftNode(id: NodeID(0), clusterSize: 3, config: RaftConfig(), storage: storage, random: RandomStream(seed: 1))
        let effects = voter.handle(.message(from: NodeID(1), .requestVote(term: 3, lastLogIndex: candidateLastIndex, lastLogTerm: candidateLastTerm)))
        #expect(sentMessages(effects) == [.requestVoteResponse(term: 3, granted: granted)])
        #expect(voter.currentTerm == 3)
    }

    // §8: a new leader commits a no-op of its term at once.
    @Test func newLeaderCommitsNoop() {
        var cluster = RaftTestCluster(size: 3)
        cluster.fire(1)
        #expect(cluster[1].log.entries == [LogEntry(term: 1, command: .noop)])
        #expect(cluster[1].commitIndex == 1)
        cluster.fire(1, .heartbeat)
        #expect(cluster[2].commitIndex == 1 && cluster[3].commitIndex == 1)
    }

    // Check-quorum (dissertation §6.2): a leader that hears from no majority for an election
    // timeout steps down.
    @Test func leaderWithoutQuorumStepsDown() {
        var cluster = RaftTestCluster(size: 5)
        cluster.fire(1)
        cluster.fire(1, .heartbeat)
        cluster.fire(1, .checkQuorum)  // all answered
        #expect(cluster[1].role == .leader)
        cluster.isolate(1)
        cluster.fire(1, .heartbeat)
        cluster.fire(1, .checkQuorum)
        #expect(cluster[1].role == .follower)
        #expect(cluster[1].currentTerm == 1)
    }

    // Dissertation §9.6: with pre-vote, a node cut off from the majority keeps its term, and on
    // return does not depose the leader.
    @Test func preVoteStopsAnIsolatedNodeFromDisrupting() {
        var cluster = RaftTestCluster(size: 5, config: RaftConfig(preVote: true))
        cluster.fire(1)
        #expect(cluster[1].role == .leader && cluster[1].currentTerm == 1)
        cluster.isolate(5)
        for _ in 0..<5 { cluster.fire(5) }
        #expect(cluster[5].currentTerm == 1, "pre-votes fail without a majority; the term stays")
        #expect(cluster[5].role == .preCandidate)
        cluster.heal()
        cluster.fire(1, .heartbeat)
        #expect(cluster[1].role == .leader && cluster[1].currentTerm == 1)
        #expect(cluster[5].role == .follower)
    }

    // Dissertation §9.6: a voter grants a pre-vote only if it has not heard from a current leader
    // within the minimum election timeout, and a leader never does. After the heal every node hears
    // the leader, so when the returning node times out again its pre-vote fails and the leader
    // stays. (Granting it would let the node start a real election in term 2 and depose n1.)
    @Test func preVoteIsRefusedByNodesThatHearFromALeader() {
        var cluster = RaftTestCluster(size: 5, config: RaftConfig(preVote: true))
        cluster.fire(1)
        cluster.isolate(5)
        for _ in 0..<3 { cluster.fire(5) }
        cluster.heal()
        cluster.fire(1, .heartbeat)
        cluster.advance(micros: 100_000)  // below the 150 ms minimum election timeout
        cluster.fire(5)
        #expect(cluster[1].role == .leader && cluster[1].currentTerm == 1, "the leader is not deposed")
        #expect(cluster.nodes.allSatisfy { $0.currentTerm == 1 })
        let answers = cluster.delivered.compactMap { item -> Bool? in
            if case .requestPreVoteResponse(_, let granted) = item.message, item.to == NodeID(4) { return granted } else { return nil }
        }
        #expect(answers.suffix(4) == [false, false, false, false])
    }

    // §9.6, the other side: once no leader has been heard for the minimum election timeout (here
    // the leader crashed), pre-votes are granted again and an election follows.
    @Test func preVoteIsGrantedOnceTheLeaderIsSilent() {
        var cluster = RaftTestCluster(size: 5, config: RaftConfig(preVote: true))
        cluster.fire(1)
        cluster.crash(1)
        cluster.advance(micros: 150_000)
        cluster.fire(5)
        #expect(cluster[5].role == .leader && cluster[5].currentTerm == 2)
    }

    // Dissertation §4.2.3: a server that heard from a current leader within the minimum election
    // timeout neither updates its term nor grants its vote for a RequestVote of a higher term
    // (etcd's lease check; applied here with pre-vote on).
    @Test func voteRequestOfAHigherTermIsIgnoredWithinTheLeaderLease() {
        var cluster = RaftTestCluster(size: 3, config: RaftConfig(preVote: true))
        cluster.fire(1)
        cluster.fire(1, .heartbeat)
        cluster.input(1, .message(from: NodeID(2), .requestVote(term: 7, lastLogIndex: 5, lastLogTerm: 5)))
        cluster.input(0, .message(from: NodeID(2), .requestVote(term: 7, lastLogIndex: 5, lastLogTerm: 5)))
        #expect(cluster[1].role == .leader && cluster[1].currentTerm == 1)
        #expect(cluster[2].currentTerm == 1 && cluster[2].votedFor == NodeID(0))
        cluster.advance(micros: 150_000)
        cluster.input(1, .message(from: NodeID(2), .requestVote(term: 7, lastLogIndex: 5, lastLogTerm: 5)))
        #expect(cluster[2].currentTerm == 7 && cluster[2].votedFor == NodeID(2), "after the lease the vote goes ahead")
    }

    // §5.2 Election Safety: a leader that hears AppendEntries from another leader of its own term
    // raises the alarm instead of stepping down quietly.
    @Test func aLeaderHearingAnotherLeaderOfItsTermRaisesTheAlarm() {
        var cluster = RaftTestCluster(size: 3)
        cluster.fire(1)
        cluster.input(0, .message(from: NodeID(1), .appendEntries(term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0)))
        #expect(cluster[1].safetyAlarm?.contains("two leaders in one term") == true)
        #expect(cluster[1].safetyAlarmProperty == "Election Safety")
    }

    // Without pre-vote the same isolation raises the term, and the returning node deposes the leader.
    @Test func withoutPreVoteAnIsolatedNodeDisrupts() {
        var cluster = RaftTestCluster(size: 5)
        cluster.fire(1)
        cluster.isolate(5)
        for _ in 0..<5 { cluster.fire(5) }
        #expect(cluster[5].currentTerm == 6)
        cluster.heal()
        cluster.fire(1, .heartbeat)
        #expect(cluster[1].role == .follower && cluster[1].currentTerm == 6)
    }

    // §9.6: a pre-vote is refused to a candidate whose log is behind, and grants change no term.
    @Test func preVoteFollowsTheUpToDateRuleAndChangesNoTerm() {
        var storage = RaftStorage()
        storage.currentTerm = 2
        storage.log = RaftLog([LogEntry(term: 2, command: .noop)])
        var voter = RaftNode(id: NodeID(0), clusterSize: 3, config: RaftConfig(preVote: true), storage: storage, random: RandomStream(seed: 1))
        let behind = voter.handle(.message(from: NodeID(1), .requestPreVote(term: 3, lastLogIndex: 0, lastLogTerm: 0)))
        #expect(sentMessages(behind) == [.requestPreVoteResponse(term: 2, granted: false)])
        let current = voter.handle(.message(from: NodeID(1), .requestPreVote(term: 3, lastLogIndex: 1, lastLogTerm: 2)))
        #expect(sentMessages(current) == [.requestPreVoteResponse(term: 3, granted: true)])
        #expect(voter.currentTerm == 2 && voter.votedFor == nil)
    }

    // A cluster of one elects itself and commits alone.
    @Test func singleNodeCluster() {
        var cluster = RaftTestCluster(size: 1)
        cluster.fire(1)
        #expect(cluster[1].role == .leader)
        cluster.request(1, .set(key: "x", value: "1"))
        #expect(cluster[1].commitIndex == 2)
        #expect(cluster.replies.last?.body == .result(.done))
    }
}

func sentMessages(_ effects: [NodeEffect<RaftMessage, RaftNode.Timer, RaftStorageWrite>]) -> [RaftMessage] {
    effects.compactMap { if case .send(_, let message) = $0 { return message } else { return nil } }
}

/// The card facts a Raft node gives the shared views (§5.2: a candidate needs a majority of votes).
@Suite("Raft card facts")
struct RaftCardFactTests {
    @Test func candidateCountsItsVotesAndFollowersShowTheirVote() {
        var cluster = RaftTestCluster(size: 3)
        cluster.isolate(1)
        cluster.fire(1)
        let lonely = cluster[1].describe(logTail: 0).cardFacts
        #expect(lonely.map(\.label) == ["votes"])
        #expect(lonely.first?.value == "n1 1/2", "\(lonely)")
        cluster.heal()
        cluster.fire(2)
        let leader = cluster[2].describe(logTail: 0).cardFacts
        #expect(leader.first?.label == "in sync", "\(leader)")
        #expect(cluster[3].describe(logTail: 0).cardFacts.first?.value == "n2")
    }
}
