import Foundation
import QuorumCore
import Testing
@testable import QuorumKit
@testable import QuorumPaxos

/// The shipped Paxos lessons (scenarios/paxos-*.txt), run headless as their recordings were
/// made (`--clients 0`, 9 s): every claim of their captions is checked at the caption's time.
@Suite("Paxos lessons")
struct PaxosLessonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A lesson's run, stepped to the times a test names, with the safety monitor watching.
    final class Lesson {
        let simulator: Simulator<PaxosNode>
        let monitor = PaxosRunMonitor()

        init(_ name: String, config: PaxosConfig, seed: UInt64 = 1) throws {
            let path = PaxosLessonTests.root.appendingPathComponent("scenarios/\(name).txt").path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let scenario = try ScenarioParser(source: path, nodeCount: 5, protocol: PaxosNode.self, datacenters: nil).parse(text)
            simulator = Simulator<PaxosNode>(config: SimulationConfig(nodeCount: 5, seed: seed, node: config))
            scenario.schedule(on: simulator, until: .seconds(9))
            monitor.attach(to: simulator)
        }

        func run(until seconds: Double) {
            simulator.run(until: SimTime(micros: Int64(seconds * 1_000_000))) { self.monitor.afterStep(simulator) }
        }

        /// Node `number` (1-based).
        func node(_ number: Int) -> PaxosNode { simulator.nodes[number - 1].state }
        func storage(_ number: Int) -> PaxosStorage { simulator.nodes[number - 1].storage }
        func vote(_ number: Int, slot: Int) -> SlotVote? { storage(number).accepted.count >= slot ? storage(number).accepted[slot - 1] : nil }
        func learned(_ number: Int, slot: Int) -> PaxosValue? { storage(number).learned.count >= slot ? storage(number).learned[slot - 1] : nil }
    }

    @Test func competingProposer() throws {
        let lesson = try Lesson("paxos-competing-proposer", config: PaxosConfig(mode: .single))
        let n1 = PaxosValue.own(NodeID(0))
        let first = Ballot(round: 1, node: NodeID(0))
        lesson.run(until: 0.1)
        // "n1 proposes its own value v(n1) with ballot 1.n1; n4 and n5 are cut off"
        #expect(lesson.node(1).ballot == first && lesson.node(1).ownValue == n1 && lesson.node(1).role == .candidate)
        #expect(!lesson.simulator.topology.canReach(from: NodeID(0), to: NodeID(3)) && !lesson.simulator.topology.canReach(from: NodeID(0), to: NodeID(4)))
        lesson.run(until: 0.4)
        // "n1, n2 and n3 accepted v(n1) at 1.n1: a majority, so v(n1) is chosen; n4 and n5 know nothing of it"
        for number in 1...3 { #expect(lesson.vote(number, slot: 1) == SlotVote(slot: 1, ballot: first, value: n1)) }
        #expect(lesson.monitor.chosenSlots == 1)
        for number in 4...5 { #expect(lesson.vote(number, slot: 1) == nil && lesson.node(number).promised == .zero) }
        lesson.run(until: 0.6)
        // "n5 competes for its own value with ballot 1.n5 (above 1.n1 ...); n3's promise reports v(n1)"
        #expect(lesson.node(5).ballot == Ballot(round: 1, node: NodeID(4)) && lesson.node(5).ballot > first)
        #expect(lesson.node(5).ownValue == .own(NodeID(4)))
        lesson.run(until: 1)
        // "P2c: n5 must propose v(n1) ... not its own. n4 and n5 learn v(n1)"
        #expect(lesson.vote(5, slot: 1) == SlotVote(slot: 1, ballot: Ballot(round: 1, node: NodeID(4)), value: n1))
        #expect(lesson.learned(4, slot: 1) == n1 && lesson.learned(5, slot: 1) == n1)
        lesson.run(until: 9)
        for number in 1...5 { #expect(lesson.learned(number, slot: 1) == n1) }
        #expect(lesson.monitor.violations.isEmpty)
    }

    @Test func duelWithoutBackoff() throws {
        let lesson = try Lesson("paxos-duel", config: PaxosConfig(mode: .single, backoff: false))
        lesson.run(until: 0.1)
        // "n1 and n5 both propose their own value, with ballots 1.n1 and 1.n5"
        #expect(lesson.node(1).ballot == Ballot(round: 1, node: NodeID(0)) && lesson.node(5).ballot == Ballot(round: 1, node: NodeID(4)))
        lesson.run(until: 1)
        // "ballots climb, no proposer completes Phase 2"
        #expect(lesson.node(1).ballot.round >= 5 && lesson.node(5).ballot.round >= 5 && lesson.monitor.duels >= 8)
        #expect((1...5).allSatisfy { lesson.learned($0, slot: 1) == nil })
        lesson.run(until: 5)
        // "Dozens of ballots later no learner has learned a value"
        #expect(lesson.monitor.duels >= 40)
        #expect((1...5).allSatisfy { lesson.learned($0, slot: 1) == nil })
        lesson.run(until: 9)
        #expect((1...5).allSatisfy { lesson.learned($0, slot: 1) == nil } && lesson.monitor.violations.isEmpty)
    }

    @Test func backoffEndsTheDuel() throws {
        let lesson = try Lesson("paxos-backoff", config: PaxosConfig(mode: .single))
        lesson.run(until: 0.1)
        #expect(lesson.node(1).ballot == Ballot(round: 1, node: NodeID(0)) && lesson.node(5).ballot == Ballot(round: 1, node: NodeID(4)))
        lesson.run(until: 2)
        // "A pre-empted proposer backs off ..., so one completes both phases: one value is chosen and learned"
        #expect(lesson.monitor.chosenSlots == 1 && lesson.monitor.duels <= 1)
        let decided = lesson.learned(5, slot: 1)
        #expect(decided != nil && (1...5).allSatisfy { lesson.learned($0, slot: 1) == decided })
        lesson.run(until: 9)
        #expect((1...5).allSatisfy { lesson.learned($0, slot: 1) == decided } && lesson.monitor.violations.isEmpty)
    }

    @Test func leaderChangeReproposesAnAcceptedValue() throws {
        let lesson = try Lesson("paxos-leader-change", config: PaxosConfig())
        let setX2: (PaxosValue) -> Bool = { if case .request(let request) = $0 { request.operation == .set(key: "x", value: "2") } else { false } }
        lesson.run(until: 1.5)
        // "n2 leads with ballot 1.n2 after one Phase 1"
        #expect(lesson.node(2).isLeader && lesson.node(2).ballot == Ballot(round: 1, node: NodeID(1)))
        #expect((1...5).allSatisfy { lesson.node($0).executed == 1 })
        lesson.run(until: 2.5)
        // "n2 proposes set x 2 in slot 2; only n2 and n3 can accept it: not chosen"
        #expect(lesson.vote(2, slot: 2).map { setX2($0.value) } == true && lesson.vote(3, slot: 2).map { setX2($0.value) } == true)
        #expect([1, 4, 5].allSatisfy { lesson.vote($0, slot: 2) == nil } && lesson.monitor.chosenSlots == 1)
        lesson.run(until: 2.6)
        // "n2 crashes. n3, n4 and n5 form a majority; n3 accepted set x 2 in slot 2"
        #expect(lesson.simulator.status(of: NodeID(1)) == .crashed && lesson.vote(3, slot: 2).map { setX2($0.value) } == true)
        #expect([2, 3, 4].allSatisfy { lesson.simulator.topology.canReach(from: NodeID($0), to: NodeID(4)) })
        lesson.run(until: 4)
        // "A new leader ran Phase 1 for every slot from 2 on; n3's promise reported set x 2, so it re-proposed it"
        let leader = try #require([3, 4, 5].first { lesson.node($0).isLeader })
        #expect(lesson.node(leader).fromSlot == 2)
        #expect(lesson.vote(leader, slot: 2).map { setX2($0.value) && $0.ballot == lesson.node(leader).ballot } == true)
        #expect(lesson.monitor.chosenSlots == 2 && lesson.learned(leader, slot: 2).map(setX2) == true)
        lesson.run(until: 9)
        // "every node executes set x 2 in slot 2"
        #expect((1...5).allSatisfy { lesson.node($0).executed >= 2 && lesson.node($0).stateMachine.values["x"] == "2" })
        #expect(lesson.monitor.violations.isEmpty)
    }
}
