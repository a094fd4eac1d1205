import QuorumCore
import Testing
@testable import QuorumPaxos

/// Multi-Paxos (Paxos Made Simple §3): one Phase 1 for all slots, Phase 2 per command, a new
/// leader re-proposing what the promises report and filling gaps with no-ops, execution in slot
/// order.
@Suite("Multi-Paxos")
struct MultiPaxosTests {
    static func set(_ key: String, _ value: String, sequence: UInt64) -> ClientRequest {
        PaxosTestCluster.request(.set(key: key, value: value), sequence: sequence)
    }

    /// n1 leads; commands then cost Phase 2 only: no second prepare.
    @Test func section3_phase1OnceThenPhase2PerCommand() {
        var cluster = PaxosTestCluster(size: 5)
        cluster.timeout(1)
        cluster.deliverAll()
        #expect(cluster[1].isLeader)
        var prepares = 0
        for sequence in UInt64(1)...3 {
            cluster.client(1, Self.set("x", String(sequence), sequence: sequence))
            prepares += cluster.queue.count { $0.message.isPrepare }
            cluster.deliverAll()
        }
        #expect(prepares == 0)
        #expect(cluster[1].executed == 3 && cluster.replies.count == 3)
        for number in 1...5 { #expect(cluster[number].stateMachine.values["x"] == "3") }
    }

    /// §3: a new leader re-proposes a value the promises report (accepted by one acceptor only,
    /// not chosen) and fills the gap below it with a no-op.
    @Test func section3_aNewLeaderReproposesAcceptedValuesAndFillsGapsWithNoops() {
        var cluster = PaxosTestCluster(size: 5)
        cluster.timeout(1)
        cluster.deliverAll()
        cluster.client(1, Self.set("x", "1", sequence: 1))
        cluster.deliverAll()  // slot 1 chosen and learned everywhere
        cluster.client(1, Self.set("y", "2", sequence: 2))
        cluster.drop(where: { _, _, message in message.isAccept })  // slot 2: only n1 accepted
        cluster.client(1, Self.set("z", "3", sequence: 3))
        cluster.deliverAll(where: { _, to, message in message.isAccept && to == NodeID(1) })  // slot 3: n1 and n2
        cluster.drop(where: { _, _, message in message.isAccept || message.isAccepted })
        cluster.crash(1)
        cluster.timeout(3)
        #expect(cluster[3].fromSlot == 2, "Phase 1 from the slot above n3's commit point")
        cluster.deliverAll(where: { _, _, message in message.isPrepare || message.isPromise })
        #expect(cluster[3].isLeader)
        let proposed = cluster.queue.compactMap { entry -> SlotVote? in
            guard entry.to == NodeID(1), case .accept(let ballot, let slot, let value) = entry.message else { return nil }
            return SlotVote(slot: slot, ballot: ballot, value: value)
        }
        #expect(proposed.map(\.slot) == [2, 3])
        #expect(proposed.first?.value == .noop, "slot 2: no promise reported a value: a no-op")
        #expect(proposed.last?.value == .request(Self.set("z", "3", sequence: 3)), "slot 3: n2's accepted value, re-proposed")
        cluster.deliverAll()
        #expect(cluster[3].executed == 3 && cluster[3].stateMachine.values["z"] == "3" && cluster[3].stateMachine.values["y"] == nil)
    }

    /// Commands execute in slot order: a value chosen in slot 2 waits for slot 1.
    @Test func section3_executionFollowsSlotOrder() {
        var node = PaxosNode(id: NodeID(1), clusterSize: 3, config: PaxosConfig(), storage: PaxosStorage(), random: RandomStream(seed: 1))
        _ = node.handle(.message(from: NodeID(0), .chosen(slot: 2, value: .request(Self.set("x", "2", sequence: 2)))))
        #expect(node.executed == 0 && node.stateMachine.values["x"] == nil)
        _ = node.handle(.message(from: NodeID(0), .chosen(slot: 1, value: .request(Self.set("x", "1", sequence: 1)))))
        #expect(node.executed == 2 && node.stateMachine.values["x"] == "2")
    }

    /// A follower redirects clients to the leader it believes in; a command a client sends twice
    /// takes effect once.
    @Test func clientsAreRedirectedAndRetriesDeduplicated() {
        var cluster = PaxosTestCluster(size: 3)
        cluster.timeout(1)
        cluster.deliverAll()
        cluster.client(2, Self.set("x", "1", sequence: 1))
        #expect(cluster.replies.last?.reply.body == .redirect(NodeID(0)))
        let increment = PaxosTestCluster.request(.incr(key: "c"), sequence: 2)
        cluster.client(1, increment)
        cluster.client(1, increment)
        cluster.deliverAll()
        cluster.client(1, increment)
        #expect(cluster[1].stateMachine.values["c"] == "1")
        #expect(cluster.replies.suffix(2).allSatisfy { $0.reply.body == .result(.counter(1)) })
    }
}

/// What the views get: roles, promised ballot, leader belief, the slots table, messages by phase.
@Suite("Paxos views")
struct PaxosViewTests {
    @Test func aNodeDescribesItsRolesBallotsAndSlots() throws {
        var cluster = PaxosTestCluster(size: 3)
        cluster.timeout(1)
        cluster.deliverAll()
        cluster.client(1, MultiPaxosTests.set("x", "1", sequence: 1))
        cluster.deliverAll()
        cluster.client(1, MultiPaxosTests.set("y", "2", sequence: 2))
        cluster.deliverAll(where: { _, to, message in message.isAccept && to == NodeID(1) })  // slot 2: accepted by n2, not yet chosen there
        let follower = cluster[2].describe(logTail: 10)
        #expect(follower.role == "follower" && follower.roleKind == .follower && follower.commitIndex == 1)
        let facts = try #require(follower.panels.first { $0.title == "paxos" })
        guard case .facts(let list) = facts.content else { Issue.record("not facts"); return }
        #expect(list.contains(.init("promised", "1.n1")) && list.contains(.init("leader belief", "n1")) && list.contains(.init("roles", "acceptor learner")))
        let slots = try #require(follower.panels.first { $0.title == "slots" })
        guard case .table(let columns, let rows) = slots.content else { Issue.record("not a table"); return }
        #expect(columns == ["slot", "accepted", "value", "chosen"])
        #expect(rows.map { $0.map(\.text) } == [["1", "1.n1", "set x 1", "yes"], ["2", "1.n1", "set y 2", "no"]])
        #expect(rows[0][1].styleKey == "phase-chosen" && rows[1][1].styleKey == "phase-accepted")
        let leader = cluster[1].describe(logTail: 10)
        #expect(leader.role == "leader" && leader.roleKind == .leader && leader.details.first?.value == "distinguished proposer+learner, acceptor")
    }

    @Test func messagesAreStyledByPhase() {
        let ballot = Ballot(round: 1, node: NodeID(0))
        let messages: [PaxosMessage] = [.prepare(ballot: ballot, fromSlot: 1), .promise(ballot: ballot, fromSlot: 1, accepted: []),
                                        .accept(ballot: ballot, slot: 1, value: .noop), .accepted(ballot: ballot, slot: 1),
                                        .nack(ballot: ballot, promised: ballot)]
        #expect(messages.map(\.styleKey) == ["prepare", "promise", "accept", "accepted", "nack"])
        #expect(messages.allSatisfy { StyleKey.isValid($0.styleKey ?? "") })
        #expect(messages[1].description == "Promise B:1.n1 From:1 Acc:none")
        #expect(PaxosMessage.promise(ballot: ballot, fromSlot: 1, accepted: [SlotVote(slot: 1, ballot: ballot, value: .own(NodeID(0)))]).description
            == "Promise B:1.n1 From:1 Acc:s1@1.n1=v(n1)")
    }
}
