import QuorumCore

/// The messages replicas exchange. A push spreads a write at once; anti-entropy (digest, then
/// repairs both ways) makes replicas converge whatever was lost.
public enum GossipMessage: ProtocolMessage, Hashable {
    /// One fresh write, sent to every peer.
    case push(key: String, version: StoredVersion)
    /// A counter's per-replica increments, sent to every peer after an `incr`.
    case pushCounter(key: String, counts: [UInt64])
    /// Anti-entropy, first step: a fingerprint of each key's versions, and every counter.
    case digest(keys: [KeyDigest], counters: [CounterState])
    /// What the other side lacks, and the keys it should send back (`wants`).
    case repair(entries: [KeyEntry], counters: [CounterState], wants: [String])

    public struct KeyDigest: Hashable, Sendable {
        public let key: String
        public let fingerprint: UInt64
    }

    public struct KeyEntry: Hashable, Sendable {
        public let key: String
        public let versions: [StoredVersion]
    }

    public struct CounterState: Hashable, Sendable {
        public let key: String
        public let counts: [UInt64]
    }

    public var category: MessageCategory {
        switch self {
        case .push, .pushCounter: return .replication
        case .digest: return .other
        case .repair: return .replicationReply
        }
    }

    public var description: String {
        switch self {
        case .push(let key, let version):
            return "Push \(key)=\(version.value) \(version.dot) \(version.clock)"
        case .pushCounter(let key, let counts):
            return "PushCounter \(key) \(VectorClock(counts: counts))"
        case .digest(let keys, let counters):
            return "Digest keys:\(keys.count) counters:\(counters.count)"
        case .repair(let entries, let counters, let wants):
            let keys = entries.map { "\($0.key)(\($0.versions.count))" }.joined(separator: ",")
            return "Repair [\(keys)] counters:\(counters.count)" + (wants.isEmpty ? "" : " wants:\(wants.joined(separator: ","))")
        }
    }
}
