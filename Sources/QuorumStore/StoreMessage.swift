import QuorumCore

/// What store nodes send each other. Requests carry the coordinator's request id so answers find
/// their request; a coordinator that restarted has forgotten the ids and drops late answers.
public enum StoreMessage: ProtocolMessage, Hashable {
    /// A coordinator's write to one replica (Dynamo §4.5; Cassandra sends it to every replica).
    case write(id: UInt64, key: String, cell: Cell)
    case writeAck(id: UInt64, key: String)
    case read(id: UInt64, key: String)
    case readReply(id: UInt64, key: String, cell: Cell?)
    /// Read repair: the newest cell a read saw, sent to a replica that answered with an older one.
    case readRepair(id: UInt64, key: String, cell: Cell)
    case readRepairAck(id: UInt64, key: String)
    /// Hinted handoff (Dynamo §4.6): a write kept for this replica while it was believed down.
    case hint(key: String, cell: Cell)
    case hintAck(key: String, cell: Cell)
    /// Failure detection: nodes ping each other; any message counts as a sign of life.
    case ping
    /// Anti-entropy (Dynamo §4.7, with a plain list instead of a Merkle tree): the keys the sender
    /// holds that the receiver replicates too, with their timestamps.
    case digest(entries: [DigestEntry])
    /// What the other side holds newer (or alone), and the keys it should send back.
    case sync(cells: [KeyCell], wants: [String])

    public struct DigestEntry: Hashable, Sendable {
        public let key: String
        public let timestampMicros: Int64
        public let coordinator: NodeID
        /// A fingerprint of the value: two cells with one timestamp and coordinator can still
        /// differ (last write wins then compares the values).
        public let valueHash: UInt64
    }

    public struct KeyCell: Hashable, Sendable {
        public let key: String
        public let cell: Cell
    }

    public var category: MessageCategory {
        switch self {
        case .write, .read, .hint, .readRepair: return .replication
        case .writeAck, .readReply, .hintAck, .readRepairAck: return .replicationReply
        case .ping, .digest, .sync: return .other
        }
    }

    /// Read repairs, hints and anti-entropy have kinds of their own, so the views and themes can
    /// tell them from ordinary reads and writes.
    public var styleKey: String? {
        switch self {
        case .readRepair, .readRepairAck: return "read-repair"
        case .hint, .hintAck: return "hint"
        case .digest, .sync: return "anti-entropy"
        case .ping: return "ping"
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .write(let id, let key, let cell): return "Write #\(id) \(key)=\(cell)"
        case .writeAck(let id, let key): return "WriteAck #\(id) \(key)"
        case .read(let id, let key): return "Read #\(id) \(key)"
        case .readReply(let id, let key, let cell): return "ReadReply #\(id) \(key)=\(cell.map(\.description) ?? "nil")"
        case .readRepair(let id, let key, let cell): return "ReadRepair #\(id) \(key)=\(cell)"
        case .readRepairAck(let id, let key): return "ReadRepairAck #\(id) \(key)"
        case .hint(let key, let cell): return "Hint \(key)=\(cell)"
        case .hintAck(let key, let cell): return "HintAck \(key)=\(cell)"
        case .ping: return "Ping"
        case .digest(let entries): return "Digest keys:\(entries.count)"
        case .sync(let cells, let wants):
            return "Sync [" + cells.map { "\($0.key)=\($0.cell)" }.joined(separator: ",") + "]" + (wants.isEmpty ? "" : " wants:" + wants.joined(separator: ","))
        }
    }
}
