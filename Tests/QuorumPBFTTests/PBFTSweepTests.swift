import QuorumCheckers
import QuorumCore
import Testing
@testable import QuorumPBFT

/// A sweep in miniature: partitions, one-way cuts, freezes and message loss, with one replica of
/// four in a random behaviour (silent, delay or a Byzantine mode) for the whole run. Safety: the
/// honest replicas never execute different requests at one sequence number and what clients
/// accepted is linearizable. Liveness: after the network heals, requests complete again.
/// With crashes on, replicas crash and restart from their stable storage (and may crash in the
/// middle of a handler, after the write and before some sends).
@Suite("PBFT sweep")
struct PBFTSweepTests {
    @Test(arguments: [false, true])
    func randomFaultsWithOneFaultyReplicaKeepSafetyAndRecover(crashes: Bool) {
        var failures: [String] = []
        for seed in UInt64(1)...30 {
            let simulator = Simulator<PBFTNode>(config: SimulationConfig(
                nodeCount: 4, seed: seed, network: NetworkSettings(loss: Probability(perMillion: 50_000)),
                workload: .standard, node: PBFTConfig(checkpointEvery: 4)))
            var faults = FaultSettings(crashes: crashes, crashesMidHandler: crashes, until: .seconds(5))
            faults.byzantine = 1
            simulator.enableFaults(faults)
            simulator.run(until: .seconds(5))
            simulator.endAllFaults(keepingLoss: false)
            let okAtHeal = okCount(simulator)
            simulator.run(until: .seconds(12))
            let honest = (0..<4).filter { !simulator.everMisbehaved.contains(NodeID($0)) }
            let logs = honest.map { simulator.nodes[$0].state.executedDigests }
            let longest = logs.map { $0.count }.max() ?? 0
            let agree = (0..<longest).allSatisfy { index in Set(logs.compactMap { index < $0.count ? $0[index] : nil }).count <= 1 }
            let verdict = LinearizabilityChecker().check(HistoryAdapter.operations(from: simulator.history)).verdict
            if !agree || verdict != .linearizable { failures.append("seed \(seed): agree \(agree), \(verdict), \(simulator.behaviours)") }
            if okCount(simulator) < okAtHeal + 5 { failures.append("seed \(seed): no progress after heal, views \(simulator.nodes.map { $0.state.view })") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    private func okCount(_ simulator: Simulator<PBFTNode>) -> Int {
        simulator.history.filter { if case .ok = $0.outcome { true } else { false } }.count
    }
}
