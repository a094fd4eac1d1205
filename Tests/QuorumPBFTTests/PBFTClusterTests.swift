import QuorumCheckers
import QuorumCore
import Testing
@testable import QuorumPBFT

/// PBFT on the real simulator: latency, simulated clients with the PBFT client strategy, and the
/// behaviour layer applying `silent` and the Byzantine modes.
@Suite("PBFT on the simulator")
struct PBFTClusterTests {
    private func simulator(seed: UInt64, nodes: Int = 4, workload: WorkloadSettings = .standard,
                           config: PBFTConfig = PBFTConfig()) -> Simulator<PBFTNode> {
        Simulator(config: SimulationConfig(nodeCount: nodes, seed: seed, workload: workload, node: config))
    }

    private func run(_ simulator: Simulator<PBFTNode>, until seconds: Double) {
        simulator.run(until: SimTime(micros: Int64(seconds * 1_000_000)))
    }

    private func okCount(_ simulator: Simulator<PBFTNode>) -> Int {
        simulator.history.filter { if case .ok = $0.outcome { return true } else { return false } }.count
    }

    private func linearizable(_ simulator: Simulator<PBFTNode>) -> Bool {
        LinearizabilityChecker().check(HistoryAdapter.operations(from: simulator.history)).verdict == .linearizable
    }

    /// No two of these replicas executed different requests at one sequence number.
    private func agree(_ simulator: Simulator<PBFTNode>, _ replicas: [Int]) -> Bool {
        let logs = replicas.map { simulator.nodes[$0].state.executedDigests }
        let longest = logs.map(\.count).max() ?? 0
        return (0..<longest).allSatisfy { index in Set(logs.compactMap { index < $0.count ? $0[index] : nil }).count <= 1 }
    }

    /// The normal case: clients' requests commit and execute on every replica, in one order;
    /// checkpoints move the watermarks; the history is linearizable.
    @Test(arguments: [UInt64(1), 2], [4, 7])
    func normalCaseCommitsAndExecutesOnAllReplicas(seed: UInt64, nodes: Int) {
        let simulator = simulator(seed: seed, nodes: nodes, config: PBFTConfig(checkpointEvery: 8))
        run(simulator, until: 4)
        #expect(okCount(simulator) > 30)
        #expect(simulator.history.allSatisfy { if case .ok = $0.outcome { return true } else { return $0.completedAt == nil } })
        #expect(agree(simulator, Array(0..<nodes)))
        let executed = simulator.nodes.map(\.state.lastExecuted)
        #expect(executed.max()! - executed.min()! <= 2)
        #expect(simulator.nodes.allSatisfy { $0.state.view == 0 && $0.state.lowWatermark >= 16 })
        #expect(linearizable(simulator))
    }

    /// A silent primary (receives everything, sends nothing) is replaced: the client's request
    /// times out and goes to every replica, the backups' timers expire, and the new primary
    /// executes it within the client's attempt timeout plus the view-change timeout and a few
    /// message delays.
    @Test(arguments: [UInt64(1), 2, 3])
    func silentPrimaryIsReplacedWithinTheTimeout(seed: UInt64) throws {
        let simulator = simulator(seed: seed, workload: .none)
        simulator.perform(.behave(NodeID(0), .silent))
        simulator.schedule(.request(nil, .set(key: "x", value: "1")), at: SimTime(micros: 100_000))
        run(simulator, until: 3)
        let entry = try #require(simulator.history.first)
        #expect(entry.outcome == .ok(.done))
        let waited = try #require(entry.completedAt).micros - entry.invokedAt.micros
        let bound = simulator.config.clients.attemptTimeoutMicros + PBFTConfig().viewChangeTimeoutMicros + 200_000
        #expect(waited < bound, "\(waited) µs")
        #expect((1...3).allSatisfy { simulator.nodes[$0].state.view == 1 && simulator.nodes[$0].state.lastExecuted == 1 })
        #expect(simulator.leader == NodeID(1))
    }

    /// An equivocating primary under load: it is replaced, the honest replicas agree on every
    /// sequence number, and what clients accepted is linearizable.
    @Test(arguments: [UInt64(1), 2, 3])
    func equivocatingPrimaryIsReplacedUnderLoad(seed: UInt64) {
        let simulator = simulator(seed: seed)
        simulator.perform(.behave(NodeID(0), PBFTNode.equivocate))
        run(simulator, until: 5)
        #expect((1...3).allSatisfy { simulator.nodes[$0].state.view >= 1 })
        #expect(agree(simulator, [1, 2, 3]))
        #expect(okCount(simulator) > 20)
        #expect(linearizable(simulator))
    }

    /// One replica lying to clients, another one silent? No: at most f = 1 here. A liar alone
    /// changes no accepted result.
    @Test func lyingReplicaChangesNoAcceptedResult() {
        let simulator = simulator(seed: 5)
        simulator.perform(.behave(NodeID(2), PBFTNode.lieToClients))
        run(simulator, until: 3)
        #expect(okCount(simulator) > 20)
        #expect(!simulator.history.contains { if case .ok(.value(let value?)) = $0.outcome { value.hasPrefix("lie") } else { false } })
        #expect(linearizable(simulator))
    }

    /// The same seed gives the same run.
    @Test func runsAreDeterministic() {
        let first = simulator(seed: 9)
        let second = simulator(seed: 9)
        first.perform(.behave(NodeID(0), PBFTNode.equivocate))
        second.perform(.behave(NodeID(0), PBFTNode.equivocate))
        run(first, until: 2)
        run(second, until: 2)
        #expect(first.history == second.history && first.eventCount == second.eventCount)
    }
}
