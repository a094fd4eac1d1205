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
