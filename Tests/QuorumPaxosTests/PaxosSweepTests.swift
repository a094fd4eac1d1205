import QuorumCheckers
import QuorumCore
import Testing
@testable import QuorumKit
@testable import QuorumPaxos

/// A sweep in miniature: partitions, one-way cuts, crashes (some in the middle of a handler),
/// freezes, loss, duplication and reordering; safety checked after every event from the
/// acceptors' votes, client results linearizable, and new commands commit after the faults end.
/// The mutation that ignores the values promises report must be caught.
@Suite("Paxos sweep")
struct PaxosSweepTests {
    struct Outcome {
        var violations: [String]
        var linearizable: Bool
        var okAfterHeal: Int
    }

    static func run(seed: UInt64, config: PaxosConfig) -> Outcome {
        let network = NetworkSettings(loss: Probability(perMillion: 50_000), duplication: Probability(perMillion: 20_000),
                                      reordering: Probability(perMillion: 50_000))
        let simulator = Simulator<PaxosNode>(config: SimulationConfig(nodeCount: 5, seed: seed, network: network, workload: .standard, node: config))
        let monitor = PaxosRunMonitor()
        monitor.attach(to: simulator)
        simulator.enableFaults(FaultSettings(until: .seconds(6)))
        simulator.run(until: .seconds(6)) { monitor.afterStep(simulator) }
        simulator.endAllFaults(keepingLoss: false)
        let okAtHeal = simulator.history.count { if case .ok = $0.outcome { true } else { false } }
        simulator.run(until: .seconds(12)) { monitor.afterStep(simulator) }
        let ok = simulator.history.count { if case .ok = $0.outcome { true } else { false } }
        let verdict = LinearizabilityChecker().check(HistoryAdapter.operations(from: simulator.history)).verdict
        return Outcome(violations: monitor.violations, linearizable: verdict == .linearizable, okAfterHeal: ok - okAtHeal)
    }

    @Test func randomFaultsKeepSafetyAndRecover() {
        var failures: [String] = []
        for seed in UInt64(1)...30 {
            let outcome = Self.run(seed: seed, config: PaxosConfig())
            if !outcome.violations.isEmpty || !outcome.linearizable || outcome.okAfterHeal < 5 {
                failures.append("seed \(seed): \(outcome.violations.first ?? "") linearizable \(outcome.linearizable), ok after heal \(outcome.okAfterHeal)")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// The mutation (a proposer that ignores the accepted values in promises, breaking P2c) is
    /// caught: some seed chooses two values in one slot.
    @Test func theMutationThatIgnoresPromisesIsCaught() {
        let caught = (UInt64(1)...30).filter { !Self.run(seed: $0, config: PaxosConfig(ignoresPromisedValues: true)).violations.isEmpty }
        #expect(caught.count >= 5, "caught in seeds \(caught)")
    }
}
