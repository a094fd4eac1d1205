import QuorumCore
import QuorumGossip
import QuorumRaft
import QuorumUI
import Testing

/// `K` kills the leader by the one leader rule (the up node leading in the highest term), and says
/// so when there is none to kill.
@Suite("Kill leader: one rule, and feedback when there is none")
struct KillLeaderTests {
    /// A 5-node Raft run without check-quorum: the first leader is isolated, keeps believing it
    /// leads in its old term, and the majority elects a leader of a newer term. Both are up.
    static func staleLeaderSession(seed: UInt64) throws -> (session: LiveSession<RaftNode>, stale: NodeID, current: NodeID) {
        let config = SimulationConfig(nodeCount: 5, seed: seed, workload: .none, node: RaftConfig(checkQuorum: false))
        let session = GoldenScreen.drive(LiveSession(simulator: Simulator<RaftNode>(config: config), speedIndex: 9), until: 1.0)
        let stale = try #require(session.simulator.leader)
        session.update(.cluster(.isolate(stale)))
        _ = GoldenScreen.drive(session, until: 2.5)
        let leading = session.simulator.nodes.filter { $0.status == .up && $0.state.isLeader }.map(\.id)
        let current = try #require(leading.first { $0 != stale }, "the majority elected a new leader")
        #expect(leading == [stale, current].sorted { $0.index < $1.index }, "exactly the stale and the new leader lead")
        #expect(session.simulator.nodes[current.index].state.currentTerm > session.simulator.nodes[stale.index].state.currentTerm)
        return (session, stale, current)
    }

    @Test func killLeaderKillsTheLeaderOfTheHighestTermNotTheHighestId() throws {
        let (session, stale, current) = try Self.staleLeaderSession(seed: 2)
        // The stale leader has the higher id: the old rule (highest id that believes it leads) took it.
        try #require(stale.index > current.index)
        #expect(session.simulator.leader == current)
        #expect(session.snapshot().leader == current, "the views highlight the same leader")
        session.handle(.character("K"))
        #expect(session.simulator.nodes[current.index].status == .crashed)
        #expect(session.simulator.nodes[stale.index].status == .up)
        #expect(session.snapshot().captionLine == "kill leader")
    }

    @Test func killLeaderWithNoLeaderSaysSoAndKillsNobody() throws {
        let config = SimulationConfig(nodeCount: 5, seed: 1, workload: .none, node: RaftConfig())
        let session = LiveSession(simulator: Simulator<RaftNode>(config: config))
        session.advance(wallMicros: 0)
        #expect(session.simulator.leader == nil, "no election has happened yet")
        let events = session.simulator.eventCount
        session.handle(.character("K"))
        #expect(session.simulator.nodes.allSatisfy { $0.status == .up })
        #expect(session.snapshot().captionLine == "kill leader: no leader to kill")
        #expect(session.simulator.eventCount == events + 1, "one event: the caption saying nothing was done")
        #expect(session.snapshot().events.last?.text == "say \"kill leader: no leader to kill\"")
    }

    @Test func killLeaderInGossipSaysThereIsNoLeader() {
        let config = SimulationConfig(nodeCount: 3, seed: 4, workload: .standard, node: GossipConfig())
        let session = GoldenScreen.drive(LiveSession(simulator: Simulator<GossipNode>(config: config), speedIndex: 9), until: 1.0)
        session.handle(.character("K"))
        #expect(session.simulator.nodes.allSatisfy { $0.status == .up })
        #expect(session.snapshot().captionLine == "kill leader: no leader to kill")
    }
}
