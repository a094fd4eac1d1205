import Testing
import QuorumCore
@testable import QuorumStore

/// `quorum pbs` measured through the store against Bailis et al. (VLDB 2012).
@Suite("Probabilistically bounded staleness")
struct PBSTests {
    static let uniform = LatencyDistribution.uniform(minMicros: 5_000, maxMicros: 25_000)

    /// §3.1: measured k-staleness matches 1 - (C(N-W,R)/C(N,R))^k. The tolerance is 4.5 standard
    /// errors of the measured share (a correct store fails it with probability below 1e-5; the
    /// seed is fixed, so the test is deterministic).
    @Test(arguments: [(3, 1, 1), (5, 1, 2), (5, 2, 2), (3, 2, 1)])
    func kStalenessMatchesTheClosedForm(shape: (n: Int, r: Int, w: Int)) {
        let trials = 2_500
        let experiment = PBSExperiment(replicas: shape.n, readCount: shape.r, writeCount: shape.w, trials: trials,
                                       legs: (Self.uniform, Self.uniform, Self.uniform, Self.uniform))
        let ks = [1, 2, 3]
        let measured = experiment.kStaleness(ks: ks)
        for (index, k) in ks.enumerated() {
            let expected = PBSExperiment.closedFormKStaleness(replicas: shape.n, read: shape.r, write: shape.w, k: k)
            let tolerance = 4.5 * max(PBSExperiment.standardError(expected, trials: trials), 1.0 / Double(trials))
            #expect(abs(measured.probabilities[index] - expected) <= tolerance,
                    "N=\(shape.n) R=\(shape.r) W=\(shape.w) k=\(k): measured \(measured.probabilities[index]), closed form \(expected) ± \(tolerance)")
        }
    }

    /// The trials run on the store's nodes without the simulator (`PBSDriver`); the same trials
    /// through the whole simulator (the old way: client requests over a network without delay)
    /// count exactly the same visible reads, handler for handler.
    @Test func theDriverMatchesTheSimulator() {
        // Slow writes, fast acks and reads: a read often reaches a replica the write has not.
        let fast = LatencyDistribution.uniform(minMicros: 1_000, maxMicros: 2_000)
        let legs = (LatencyDistribution.exponential(meanMicros: 20_000), fast, fast, fast)
        let experiment = PBSExperiment(replicas: 3, readCount: 1, writeCount: 1, trials: 120, legs: legs)
        let times: [Int64] = [0, 1_000, 5_000]
        var config = StoreConfig(replicationFactors: [3], requestTimeoutMicros: 3_600_000_000, antiEntropyIntervalMicros: 0, readRepair: false)
        config.pbs = PBSMode(replicas: 3, readCount: 1, writeCount: 1, placement: .wars(write: legs.0, ack: legs.1, read: legs.2, response: legs.3),
                             readDelaysMicros: times)
        var simulation = SimulationConfig(nodeCount: 4, seed: experiment.seed, network: NetworkSettings(latencyMinMicros: 0, latencyMaxMicros: 0),
                                          workload: .none, node: config)
        simulation.clients = ClientSettings(attemptTimeoutMicros: 3_600_000_000, giveUpAfterMicros: 3_600_000_000, retryBackoffMicros: 1_000)
        let simulator = Simulator<StoreNode>(config: simulation)
        for first in stride(from: 0, to: experiment.trials, by: experiment.batchSize) {
            for trial in first..<min(experiment.trials, first + experiment.batchSize) {
                simulator.perform(.request(NodeID(3), .set(key: "p\(trial)", value: "new")))
            }
            while simulator.step() {}
        }
        let visible = simulator.nodes[3].state.trialVisible
        #expect(visible.count == times.count && visible.contains { $0 < experiment.trials }, "some reads miss the write: \(visible)")
        let measured = experiment.tVisibility(timesMicros: times)
        #expect(measured.probabilities == visible.map { Double($0) / Double(experiment.trials) })
    }

    @Test func closedFormValues() {
        // N=3, R=W=1: a read misses the one written replica with probability 2/3.
        #expect(abs(PBSExperiment.closedFormKStaleness(replicas: 3, read: 1, write: 1, k: 1) - 1.0 / 3) < 1e-12)
        #expect(abs(PBSExperiment.closedFormKStaleness(replicas: 3, read: 1, write: 1, k: 2) - 5.0 / 9) < 1e-12)
        #expect(PBSExperiment.closedFormKStaleness(replicas: 3, read: 2, write: 2, k: 1) == 1, "R + W > N: never stale")
    }

    /// §5: with R + W > N every read sees the committed write at once; with R = W = 1 some do not
    /// at t = 0, and more do as t grows.
    @Test func tVisibilityGrowsWithTime() {
        let strict = PBSExperiment(replicas: 3, readCount: 2, writeCount: 2, trials: 300, legs: (Self.uniform, Self.uniform, Self.uniform, Self.uniform))
        #expect(strict.tVisibility(timesMicros: [0]).probabilities == [1.0])
        let partial = PBSExperiment(replicas: 3, readCount: 1, writeCount: 1, trials: 2_000,
                                    legs: (.exponential(meanMicros: 10_000), Self.uniform, Self.uniform, Self.uniform))
        let p = partial.tVisibility(timesMicros: [0, 5_000, 20_000, 200_000]).probabilities
        #expect(p[0] > 0.3 && p[0] < 0.95, "\(p)")
        #expect(p[0] <= p[1] && p[1] <= p[2] && p[2] <= p[3], "\(p)")
        #expect(p[3] > 0.99, "\(p)")
    }
}
