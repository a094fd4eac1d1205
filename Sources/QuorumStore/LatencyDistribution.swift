import Foundation
import QuorumCore

/// One leg of the WARS model (Bailis et al., VLDB 2012, §5.1): uniform over a range, or
/// exponential with a mean (the paper fits LinkedIn's and Yammer's legs with exponentials).
public enum LatencyDistribution: Hashable, Sendable, CustomStringConvertible {
    case uniform(minMicros: Int64, maxMicros: Int64)
    case exponential(meanMicros: Int64)

    public static let zero = LatencyDistribution.uniform(minMicros: 0, maxMicros: 0)

    /// `5ms..25ms` or `exp:10ms`; nil when malformed.
    public init?(parsing text: String) {
        if text.hasPrefix("exp:") {
            guard let mean = DurationParsing.micros(text.dropFirst(4)), mean > 0, mean <= 3_600_000_000 else { return nil }
            self = .exponential(meanMicros: mean)
        } else {
            guard let range = DurationParsing.range(Substring(text)), 0 <= range.min, range.min <= range.max, range.max <= 3_600_000_000 else { return nil }
            self = .uniform(minMicros: range.min, maxMicros: range.max)
        }
    }

    public func sample(_ random: inout RandomStream) -> Int64 {
        switch self {
        case .uniform(let low, let high): return random.int(in: low...high)
        case .exponential(let mean):
            // Inverse transform; 53 random bits make u uniform in (0, 1].
            let u = Double((random.next() >> 11) + 1) / 9_007_199_254_740_992.0
            return min(Int64((-Double(mean) * Foundation.log(u)).rounded()), 3_600_000_000)
        }
    }

    public var description: String {
        switch self {
        case .uniform(let low, let high): return DurationParsing.describe(micros: low) + ".." + DurationParsing.describe(micros: high)
        case .exponential(let mean): return "exp:" + DurationParsing.describe(micros: mean)
        }
    }
}

/// How a store runs the trials of `quorum pbs` (Bailis et al. 2012): `replicas` nodes hold every
/// key and one more node only coordinates; no read repair, hints or anti-entropy.
public struct PBSMode: Hashable, Sendable {
    public enum Placement: Hashable, Sendable {
        /// §5.1 WARS: a write goes to all N replicas and commits at the W-th ack; a read goes to
        /// all N and uses the first R answers. Each message is delayed by its leg.
        case wars(write: LatencyDistribution, ack: LatencyDistribution, read: LatencyDistribution, response: LatencyDistribution)
        /// §3 k-staleness: a write reaches exactly W replicas chosen uniformly at random, a read
        /// asks R chosen uniformly at random.
        case uniformQuorums
    }

    public var replicas: Int
    public var readCount: Int
    public var writeCount: Int
    public var placement: Placement
    /// WARS trials: after a write commits, the coordinator reads it back after each of these delays.
    public var readDelaysMicros: [Int64]

    public init(replicas: Int, readCount: Int, writeCount: Int, placement: Placement, readDelaysMicros: [Int64] = []) {
        self.replicas = replicas
        self.readCount = readCount
        self.writeCount = writeCount
        self.placement = placement
        self.readDelaysMicros = readDelaysMicros
    }
}
