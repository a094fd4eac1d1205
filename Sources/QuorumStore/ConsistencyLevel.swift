import QuorumCore

/// A request's consistency level, with Cassandra's arithmetic (Cassandra documentation, "Tunable
/// consistency": QUORUM is floor(sum of replication factors / 2) + 1, LOCAL_* count the
/// coordinator's datacenter only, EACH_QUORUM needs a quorum in every datacenter, ALL every replica
/// of the key). Dynamo's R and W (DeCandia et al. 2007 §4.5) are ONE, TWO, THREE in this vocabulary.
public enum ConsistencyLevel: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case any = "ANY"
    case one = "ONE"
    case two = "TWO"
    case three = "THREE"
    case quorum = "QUORUM"
    case all = "ALL"
    case localOne = "LOCAL_ONE"
    case localQuorum = "LOCAL_QUORUM"
    case eachQuorum = "EACH_QUORUM"

    public var description: String { rawValue }

    /// ANY is a write level only: a hint kept by the coordinator is enough, and a hint cannot be read.
    public var readable: Bool { self != .any }

    /// The levels a read may use, in the order `L` cycles them.
    public static let readLevels: [ConsistencyLevel] = allCases.filter(\.readable)

    /// Parses a level name as Cassandra spells it (case-insensitive).
    public init?(parsing text: String) {
        self.init(rawValue: text.uppercased())
    }

    /// How many answers a request at this level waits for: `total` from any replicas of the key,
    /// and `perDatacenter[d]` from replicas in datacenter d.
    public struct Requirement: Hashable, Sendable, CustomStringConvertible {
        public var total: Int
        public var perDatacenter: [Int]

        /// The answers needed in all (for `QUORUM 1/2`).
        public var count: Int { max(total, perDatacenter.reduce(0, +)) }

        public func isMet(total answered: Int, perDatacenter answeredIn: [Int]) -> Bool {
            answered >= total && zip(answeredIn, perDatacenter).allSatisfy { $0 >= $1 }
        }

        public var description: String {
            perDatacenter.allSatisfy { $0 == 0 } ? "\(total)" : "\(total) " + perDatacenter.map(String.init).joined(separator: "+")
        }
    }

    /// The requirement for a key replicated `replicationFactors[d]` times in datacenter d, when the
    /// coordinator is in `localDatacenter`. Nil when the level needs more replicas than exist
    /// (TWO with RF 1, LOCAL_QUORUM where the local datacenter holds no replica): Cassandra refuses
    /// such a request as unavailable whatever is up.
    public func requirement(replicationFactors: [Int], localDatacenter: Int) -> Requirement? {
        let totalRF = replicationFactors.reduce(0, +)
        var perDatacenter = Array(repeating: 0, count: replicationFactors.count)
        let total: Int
        switch self {
        case .any, .one: total = 1
        case .two: total = 2
        case .three: total = 3
        case .quorum: total = totalRF / 2 + 1
        case .all: total = totalRF
        case .localOne, .localQuorum:
            let local = replicationFactors[localDatacenter]
            perDatacenter[localDatacenter] = self == .localOne ? 1 : local / 2 + 1
            guard local > 0 else { return nil }
            total = 0
        case .eachQuorum:
            for (index, factor) in replicationFactors.enumerated() where factor > 0 { perDatacenter[index] = factor / 2 + 1 }
            total = 0
        }
        guard total <= totalRF, totalRF > 0 else { return nil }
        return Requirement(total: total, perDatacenter: perDatacenter)
    }
}
