import Foundation
import Testing
@testable import QuorumKit
import QuorumCore
import QuorumGossip
import QuorumRaft
import QuorumRecording
import QuorumUI

/// A replay drawn from the recording alone shows what the run showed: node states, messages in
/// flight, partitions and cuts, compared with a straight re-simulation after every few steps.
@Suite("Replay drawn from the recording", .serialized)
struct RecordedReplayTests {
    static let raftScript = """
        at 0.6s kill leader
        at 0.9s say "the leader is gone"
        at 1.2s partition n1 n2 | n3 n4 n5
        at 1.5s cut n3->n4
        at 2.2s heal
        at 2.3s repair n3->n4
        at 2.5s restart n1
        at 2.6s loss 20%
        """

    private func recorded(_ arguments: [String]) throws -> (Recording, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("drawn-\(UUID().uuidString).jsonl").path
        let output = try QuorumBinary.run(arguments + ["--headless", "--record", path])
        #expect(output.status == 0 || output.status == 1, "\(output.stderr)")
        return (try Recording.read(path), path)
    }

    /// Steps the re-simulation and the recorded world side by side; compares every `stride` steps.
    private func compare<Node: RunnableNode>(_ recording: Recording, path: String, as: Node.Type, stride: Int) throws -> Int {
        let plan = try RunPlan<Node>(recording: recording.header, path: path)
        let simulator = plan.makeSimulator(scriptUntil: plan.scriptHorizon ?? plan.duration)
        #expect(recording.inputs.isEmpty)
        var world = RecordedWorld(nodeCount: recording.header.nodeCount, loss: plan.config.network.loss)
        world.applyStates(recording.states)
        var compared = 0
        var steps = 0
        while simulator.eventCount < UInt64(recording.events.count), simulator.step() {
            steps += 1
            while world.position < Int(simulator.eventCount) { world.apply(recording.events[world.position], states: recording.states) }
            guard steps % stride == 0, simulator.eventCount < StateCaptureLimit.exactEvents else { continue }
            try expectSame(world, simulator, at: steps)
            compared += 1
        }
        return compared
    }

    private func expectSame<Node: RunnableNode>(_ world: RecordedWorld, _ simulator: Simulator<Node>, at step: Int) throws {
        for slot in simulator.nodes {
            let recorded = world.nodes[slot.id.index]
            let actual = slot.state(logTail: 24)
            #expect(recorded.status == actual.status, "step \(step) \(slot.id) status")
            var described = recorded.description
            described.log = Array(described.log.suffix(actual.description.log.count))
            #expect(described == actual.description, "step \(step) \(slot.id): \(described) vs \(actual.description)")
            #expect(recorded.timerFireAtMicros == actual.timerFireAtMicros, "step \(step) \(slot.id) timer")
            #expect(recorded.clock == actual.clock && recorded.lamport == actual.lamport, "step \(step) \(slot.id) clocks")
        }
        #expect(Set(world.flights.keys) == Set(simulator.inFlight.keys), "step \(step) messages in flight")
        #expect(world.sides.map { $0.map { $0.map(\.index) } } == (simulator.topology.isPartitioned ? simulator.topology.sides.map { $0.map(\.index) } : nil),
                "step \(step) partition")
        #expect(world.cuts.map { "\($0.from)->\($0.to)" }.sorted() == simulator.topology.cutLinks.map { "\($0.from)->\($0.to)" }.sorted(), "step \(step) cuts")
        #expect(world.leader == simulator.leader, "step \(step) leader")
    }

    @Test func raftRunWithFaultsIsDrawnAsItRan() throws {
        let script = try QuorumBinary.temporaryFile("faults.txt", RecordedReplayTests.raftScript)
        let (recording, path) = try recorded(["run", "raft", "--seed", "3", "--duration", "4s", "--clients", "2", "--script", script])
        #expect(!recording.states.isEmpty)
        let compared = try compare(recording, path: path, as: RaftNode.self, stride: 3)
        #expect(compared > 300)
    }

    @Test func gossipRunIsDrawnAsItRan() throws {
        let script = try QuorumBinary.temporaryFile("g.txt", "at 0.5s partition n1 | n2 n3\nat 2s heal\nat 2.5s kill n2\nat 3s restart n2\n")
        let (recording, path) = try recorded(["run", "gossip", "--seed", "2", "--duration", "4s", "--clients", "3", "--resolve", "siblings", "--script", script])
        let compared = try compare(recording, path: path, as: GossipNode.self, stride: 2)
        #expect(compared > 100)
    }

    /// Past the exact part, states are noted at most once a simulated second per node; the last
    /// ones are noted when the recording ends, so the end is drawn exactly.
    @Test func longRunEndsExactly() throws {
        let (recording, path) = try recorded(["run", "raft", "--seed", "5", "--duration", "40s", "--clients", "5"])
        #expect(recording.events.count > Int(StateCaptureLimit.exactEvents) * 2)
        let plan = try RunPlan<RaftNode>(recording: recording.header, path: path)
        let simulator = plan.makeSimulator(scriptUntil: plan.duration)
        simulator.run(until: plan.duration)
        #expect(simulator.eventCount == UInt64(recording.events.count))
        var world = RecordedWorld(nodeCount: recording.header.nodeCount, loss: .zero)
        world.applyStates(recording.states)
        for event in recording.events { world.apply(event, states: recording.states) }
        try expectSame(world, simulator, at: -1)
        // Five nodes, 40 simulated seconds, at most one state per node per simulated second.
        let sparse = recording.states.filter { $0.eventIndex > StateCaptureLimit.exactEvents }.count
        #expect(sparse <= 5 * 40 + 5, "sparse past the exact part: \(sparse) states")
        #expect(sparse >= 5 * 20, "but not absent: \(sparse) states")
    }
}

/// A recording this Quorum re-simulates differently opens drawn from the recording; a fork works
/// before the first difference only.
@Suite("Replay of a recording that re-simulates differently", .serialized)
struct DivergedReplayTests {
    @Test func opensDrawnFromTheRecordingAndForksOnlyBeforeTheDifference() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("diverged-\(UUID().uuidString).jsonl").path
        #expect(try QuorumBinary.run(["run", "raft", "--seed", "4", "--duration", "3s", "--headless", "--record", path]).status == 0)
        // Pretend the protocol code changed: event 1,000 re-simulates differently from its text.
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.contains("\"i\":1000,") && $0.hasSuffix("\"type\":\"event\"}") })
        lines[index] = lines[index].replacingOccurrences(of: "\"text\":\"", with: "\"text\":\"changed ")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let recording = try Recording.read(path)
        let plan = try RunPlan<RaftNode>(recording: recording.header, path: path)
        let script = try ReplayLauncher.replayScript(recording, plan: plan, path: path)
        let control = LiveRecorder(plan: plan, scriptName: nil, scriptText: nil, directory: FileManager.default.temporaryDirectory.path)
        let source = try ReplayLauncher.firstSource(recording, script: script, plan: plan, path: path, control: control)
        let session = try #require(source as? RecordedSession)
        #expect(session.setup.divergedAt == 1_000)
        #expect(session.snapshot().timeline?.drawnFromRecording == true)

        session.seek(toEvent: 1_500)
        session.update(.fork)
        #expect(session.takeSuccessor() == nil, "no fork past the difference")
        #expect(session.state.status?.contains("no fork after event 1000") == true)

        session.seek(toEvent: 600)
        let drawn = session.snapshot()
        session.update(.fork)
        let live = try #require(session.takeSuccessor() as? LiveSession<RaftNode>)
        #expect(!live.state.isReplay)
        #expect(live.simulator.eventCount >= 600 && live.simulator.eventCount < 700, "forked at a step boundary at or after event 600")
        let forked = live.snapshot()
        #expect(forked.nodes.map(\.description.role) == drawn.nodes.map(\.description.role))
        #expect(forked.nodes.map(\.description.term) == drawn.nodes.map(\.description.term))
    }

    @Test func timeTravelKeysInADrawnReplay() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).jsonl").path
        #expect(try QuorumBinary.run(["run", "raft", "--seed", "6", "--duration", "3s", "--headless", "--record", path]).status == 0)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: "\"seed\":6", with: "\"seed\":7")  // re-simulates differently from the start
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let recording = try Recording.read(path)
        let plan = try RunPlan<RaftNode>(recording: recording.header, path: path)
        let script = try ReplayLauncher.replayScript(recording, plan: plan, path: path)
        let control = LiveRecorder(plan: plan, scriptName: nil, scriptText: nil, directory: FileManager.default.temporaryDirectory.path)
        let session = try #require(try ReplayLauncher.firstSource(recording, script: script, plan: plan, path: path, control: control) as? RecordedSession)
        #expect(session.state.paused && session.position == 0)

        for key in ["g", "1", "5", "0", "0", "m", "s"] { session.handle(KeyPress.character(Character(key))) }
        session.handle(.enter)
        #expect(session.snapshot().now == SimTime(micros: 1_500_000))
        #expect(recording.events[Int(session.position) - 1].timeMicros <= 1_500_000)
        #expect(recording.events[Int(session.position)].timeMicros > 1_500_000)

        let before = session.position
        session.update(.stepBack)
        #expect(session.position == before - 1)
        session.update(.step)
        #expect(session.position == before)

        session.seek(toEvent: 0)
        session.update(.jumpMark(true))
        let leader = try #require(session.snapshot().leader, "after the first election mark a node leads")
        #expect(session.world.nodes[leader.index].description.roleKind == .leader)
        session.update(.jumpFraction(0.1))
        #expect(session.snapshot().now.micros > 0)
    }

    @Test func anUnchangedRecordingReplaysByReSimulation() throws {
        let path = RecordingTests.root.appendingPathComponent("recordings/leader-crash.jsonl").path
        let recording = try Recording.read(path)
        let plan = try RunPlan<RaftNode>(recording: recording.header, path: path)
        let script = try ReplayLauncher.replayScript(recording, plan: plan, path: path)
        let control = LiveRecorder(plan: plan, scriptName: nil, scriptText: nil, directory: FileManager.default.temporaryDirectory.path)
        let source = try ReplayLauncher.firstSource(recording, script: script, plan: plan, path: path, control: control)
        #expect(source is LiveSession<RaftNode>)
    }
}
