import QuorumCore
import Testing
@testable import QuorumPaxos

/// Tests named after the steps of "Paxos Made Simple" (Lamport, 2001), in the manner of etcd
/// raft's raft_paper_test.go. Messages wait in the test network until a test delivers them, so
/// phases of two proposers can be interleaved at will.
@Suite("Paxos Made Simple")
struct PaxosPaperTests {
    static let single = PaxosConfig(mode: .single)

    /// §2.2 P1: an acceptor must accept the first proposal it receives. One proposer, five
    /// acceptors: its own value is chosen and every learner learns it.
    @Test func P1_anAcceptorAcceptsTheFirstProposalItReceives() {
        var cluster = PaxosTestCluster(size: 5, config: Self.single)
        cluster.timeout(1)
        cluster.deliverAll()
        for number in 1...5 {
            #expect(cluster.storages[number - 1].accepted.first??.value == .own(NodeID(0)))
            #expect(cluster.learned(number, slot: 1) == .own(NodeID(0)))
        }
        #expect(cluster.chosen(slot: 1) == .own(NodeID(0)))
    }

    /// §2.2: "different proposals have different numbers": a ballot is (round, proposer id), and
    /// each new ballot of a proposer is above every ballot it has seen.
    @Test func numbering_ballotsAreUniquePerProposerAndGrow() {
        var cluster = PaxosTestCluster(size: 3, config: Self.single)
        cluster.timeout(1)
        cluster.timeout(2)
        #expect(cluster[1].ballot == Ballot(round: 1, node: NodeID(0)))
        #expect(cluster[2].ballot == Ballot(round: 1, node: NodeID(1)))
        #expect(cluster[1].ballot != cluster[2].ballot && cluster[1].ballot < cluster[2].ballot)
        cluster.deliverAll(where: { _, to, message in to == NodeID(0) && message.isPrepare })  // n1 promises 1.n2
        cluster.timeout(1)
        #expect(cluster[1].ballot == Ballot(round: 2, node: NodeID(0)), "above the 1.n2 it promised")
    }

    /// §2.2 P1a: an acceptor that promised a higher-numbered prepare ignores (here: nacks) an
    /// accept request numbered below it, and accepts nothing.
    @Test func P1a_anAcceptorRejectsAnAcceptBelowItsPromise() {
        var acceptor = PaxosNode(id: NodeID(2), clusterSize: 3, config: Self.single, storage: PaxosStorage(), random: RandomStream(seed: 1))
        _ = acceptor.handle(.message(from: NodeID(1), .prepare(ballot: Ballot(round: 2, node: NodeID(1)), fromSlot: 1)))
        let effects = acceptor.handle(.message(from: NodeID(0), .accept(ballot: Ballot(round: 1, node: NodeID(0)), slot: 1, value: .own(NodeID(0)))))
        #expect(acceptor.acceptedVote(1) == nil)
        #expect(effects.contains { if case .send(NodeID(0), .nack(_, let promised)) = $0 { promised == Ballot(round: 2, node: NodeID(1)) } else { false } })
        #expect(!effects.contains { if case .persist(.accept) = $0 { true } else { false } })
    }

    /// §2.2 Phase 1(b), what P2c needs: the promise carries the highest-numbered proposal the
    /// acceptor accepted, and is written to disk before it is sent.
    @Test func phase1b_aPromiseCarriesTheHighestAcceptedProposalAndIsPersistedFirst() {
        var acceptor = PaxosNode(id: NodeID(2), clusterSize: 3, config: Self.single, storage: PaxosStorage(), random: RandomStream(seed: 1))
        _ = acceptor.handle(.message(from: NodeID(0), .accept(ballot: Ballot(round: 1, node: NodeID(0)), slot: 1, value: .own(NodeID(0)))))
        let effects = acceptor.handle(.message(from: NodeID(1), .prepare(ballot: Ballot(round: 2, node: NodeID(1)), fromSlot: 1)))
        let persistAt = effects.firstIndex { if case .persist(.promise) = $0 { true } else { false } }
        let promiseAt = effects.firstIndex { if case .send(_, .promise) = $0 { true } else { false } }
        #expect(persistAt != nil && promiseAt != nil && persistAt! < promiseAt!, "promised ballot on disk before the promise leaves")
        guard case .send(NodeID(1), .promise(_, _, let votes))? = promiseAt.map({ effects[$0] }) else {
            Issue.record("no promise: \(effects)")
            return
        }
        #expect(votes == [SlotVote(slot: 1, ballot: Ballot(round: 1, node: NodeID(0)), value: .own(NodeID(0)))])
    }

    /// §2.2 P2c, the heart of the paper: two proposers with interleaved phases. n1 completes
    /// Phase 1 and its value is accepted by a majority (so it is chosen) before its Phase 2
    /// answers come back; n5 then runs Phase 1 with a higher ballot. A promise from an acceptor
    /// that accepted n1's value reports it, so n5 must propose n1's value, not its own (P2b:
    /// every higher-numbered proposal issued has the chosen value), and every acceptor that
    /// accepts the higher-numbered proposal accepts that value (P2a).
    @Test func P2c_P2b_P2a_theSecondProposerAdoptsTheFirstsValue() {
        var cluster = PaxosTestCluster(size: 5, config: Self.single)
        interleave(&cluster)
        guard case .accept(let ballot, 1, let value)? = cluster.queue.first(where: { $0.from == NodeID(4) && $0.message.isAccept })?.message else {
            Issue.record("n5 sent no accept: \(cluster.queue.map(\.message))")
            return
        }
        #expect(ballot == Ballot(round: 2, node: NodeID(4)))
        #expect(value == .own(NodeID(0)), "P2c: the value of the highest-numbered proposal among the promises")
        cluster.deliverAll()
        for number in 1...5 { #expect(cluster.learned(number, slot: 1) == .own(NodeID(0))) }
        let higher = cluster.storages.compactMap { $0.accepted.first ?? nil }.filter { $0.ballot > Ballot(round: 1, node: NodeID(0)) }
        #expect(higher.count >= 3 && higher.allSatisfy { $0.value == .own(NodeID(0)) }, "P2a: \(higher)")
        #expect(cluster.chosen(slot: 1) == .own(NodeID(0)))
    }

    /// The mutation: a proposer that ignores the accepted values in promises proposes its own,
    /// and a second value is chosen in the slot (caught from the acceptors' votes by the run
    /// monitor; see PaxosSweepTests).
    @Test func P2c_brokenOnPurposeChoosesASecondValue() {
        var config = Self.single
        config.ignoresPromisedValues = true
        var cluster = PaxosTestCluster(size: 5, config: config)
        interleave(&cluster)
        cluster.deliverAll()
        let votes = cluster.storages.compactMap { $0.accepted.first ?? nil }
        #expect(votes.filter { $0.value == .own(NodeID(4)) }.count >= 3, "n5's own value accepted by a majority at 2.n5")
        #expect(cluster.learned(5, slot: 1) == .own(NodeID(4)))
    }

    /// n1 runs Phase 1 and sends accepts that reach n1, n2, n3 (a majority: v(n1) is chosen) but
    /// whose answers are held back; n5 then prepares 2.n5, and n3, n4, n5 promise it.
    private func interleave(_ cluster: inout PaxosTestCluster) {
        cluster.timeout(1)
        cluster.deliverAll(where: { _, _, message in message.isPrepare || message.isPromise })
        #expect(cluster[1].role == .leader, "n1 completed Phase 1")
        cluster.deliverAll(where: { _, to, message in message.isAccept && [NodeID(1), NodeID(2)].contains(to) })
        cluster.drop(where: { _, _, message in message.isAccept || message.isAccepted })
        #expect(cluster.chosen(slot: 1) == .own(NodeID(0)), "accepted by n1, n2, n3: chosen, though no learner knows it yet")
        cluster.timeout(5)
        #expect(cluster[5].ballot == Ballot(round: 2, node: NodeID(4)), "above the 1.n1 it promised")
        cluster.drop(where: { _, to, message in message.isPrepare && [NodeID(0), NodeID(1)].contains(to) })
        cluster.deliverAll(where: { _, _, message in message.isPrepare || message.isPromise })
    }

    /// §2.3: a learner learns a value once a majority of acceptors accepted it; a minority is not
    /// enough.
    @Test func learning_aMinorityOfAcceptsChoosesNothing() {
        var cluster = PaxosTestCluster(size: 5, config: Self.single)
        cluster.timeout(1)
        cluster.deliverAll(where: { _, _, message in message.isPrepare || message.isPromise })
        cluster.deliverAll(where: { _, to, message in message.isAccept && to == NodeID(1) })
        cluster.drop(where: { _, _, message in message.isAccept })
        cluster.deliverAll()
        #expect(cluster.learned(1, slot: 1) == nil && cluster.chosen(slot: 1) == nil)
    }

    /// An acceptor's promise and votes survive a crash (§2.2: it must remember them).
    @Test func acceptorsRememberPromisesAcrossARestart() {
        var cluster = PaxosTestCluster(size: 3, config: Self.single)
        cluster.input(3, .message(from: NodeID(1), .prepare(ballot: Ballot(round: 4, node: NodeID(1)), fromSlot: 1)))
        cluster.crash(3)
        cluster.restart(3)
        #expect(cluster[3].promised == Ballot(round: 4, node: NodeID(1)))
        cluster.queue.removeAll()
        cluster.input(3, .message(from: NodeID(0), .accept(ballot: Ballot(round: 3, node: NodeID(0)), slot: 1, value: .own(NodeID(0)))))
        #expect(cluster[3].acceptedVote(1) == nil && cluster.queue.contains { $0.message.isNack })
    }

    /// §2.4: without back-off a pre-empted proposer tries a higher ballot at once (the duel);
    /// with it, it stays quiet and waits a random time.
    @Test(arguments: [false, true])
    func progress_aPreemptedProposerBacksOffOrDuels(backoff: Bool) {
        var config = Self.single
        config.backoff = backoff
        var proposer = PaxosNode(id: NodeID(0), clusterSize: 3, config: config, storage: PaxosStorage(), random: RandomStream(seed: 1))
        _ = proposer.handle(.timer(.election))
        let effects = proposer.handle(.message(from: NodeID(1), .nack(ballot: Ballot(round: 1, node: NodeID(0)), promised: Ballot(round: 5, node: NodeID(2)))))
        let prepares = effects.compactMap { if case .send(_, .prepare(let ballot, _)) = $0 { ballot } else { nil } }
        if backoff {
            #expect(prepares.isEmpty && proposer.role == .follower)
            #expect(effects.contains { if case .setTimer(.election, _) = $0 { true } else { false } })
        } else {
            #expect(prepares.count == 2 && prepares.allSatisfy { $0 == Ballot(round: 6, node: NodeID(0)) })
            #expect(proposer.duels == 1)
        }
    }
}
