import Foundation
import QuorumCore
import QuorumRaft
import QuorumRecording
import QuorumUI
import Testing

/// A replay drawn from the recording alone takes the leader by the live rule (`LeaderRule`): the up
/// node whose recorded role leads in the highest recorded term.
@Suite("Leader of a replay drawn from the recording")
struct RecordedLeaderTests {
    /// Records a 5-node Raft run without check-quorum in which the first leader is isolated and
    /// keeps believing it leads its old term while the majority elects a leader of a newer term.
    @Test func theLeaderOfTheHighestTermLeadsNotTheHighestId() throws {
        let config = SimulationConfig(nodeCount: 5, seed: 3, workload: .none, node: RaftConfig(checkQuorum: false))
        let simulator = Simulator<RaftNode>(config: config)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stale-leader-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RecordingWriter(path: path, header: RecordingHeader(quorumVersion: "test", protocolName: RaftNode.protocolName,
                                                                             seed: 3, nodeCount: 5, config: [:]))
        writer.attach(to: simulator)
        simulator.run(until: .seconds(1))
        let stale = try #require(simulator.leader)
        simulator.perform(.isolate(stale))
        simulator.run(until: .millis(2_500))
        let current = try #require(simulator.nodes.first { $0.id != stale && $0.status == .up && $0.state.isLeader }?.id, "a newer leader")
        // The stale leader has the higher id: the old rule (the last up node whose role leads) took it.
        try #require(current != stale && stale.index > current.index)
        writer.finish()

        let recording = try Recording.read(path)
        var world = RecordedWorld(nodeCount: 5, loss: .zero)
        world.applyStates(recording.states)
        while world.position < recording.events.count { world.apply(recording.events[world.position], states: recording.states) }
        let leading = world.nodes.indices.filter { world.nodes[$0].status == .up && world.nodes[$0].description.roleKind == .leader }
        #expect(leading == [current.index, stale.index], "both believe they lead in the recording")
        #expect(world.nodes[current.index].description.term! > world.nodes[stale.index].description.term!)
        #expect(world.leader == current)
    }
}
