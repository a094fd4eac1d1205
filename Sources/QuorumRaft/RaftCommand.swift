import QuorumCore

/// What a log entry asks the state machine to do.
public enum RaftCommand: Hashable, Sendable, CustomStringConvertible {
    /// Appended by a new leader to commit entries of earlier terms (Raft §8).
    case noop
    /// A client operation, carrying the client's id and sequence number for deduplication.
    indirect case client(ClientRequest)
    /// 16 opaque bytes, as in etcd raft's benchmark; folded into the state machine's checksum.
    case payload(UInt64, UInt64)

    public var description: String {
        switch self {
        case .noop: return "noop"
        case .client(let request): return "\(request.client)#\(request.sequence) \(request.operation)"
        case .payload(let high, let low): return "payload \(StableHash.hex(high))\(StableHash.hex(low))"
        }
    }

    /// A hash that is the same in every process (used for log fingerprints).
    var stableHash: UInt64 {
        switch self {
        case .noop: return 0x6e6f6f70
        case .payload(let high, let low): return StableHash.mix(StableHash.mix(StableHash.fnvOffset, high), low)
        case .client(let request):
            let base = StableHash.mix(StableHash.mix(StableHash.fnvOffset, UInt64(request.client.index)), request.sequence)
            return StableHash.fnv1a(request.operation.description, into: base)
        }
    }
}

/// One entry of a Raft log: the term in which a leader created it, and its command.
public struct LogEntry: Hashable, Sendable, CustomStringConvertible {
    public let term: Int
    public let command: RaftCommand

    public init(term: Int, command: RaftCommand) {
        self.term = term
        self.command = command
    }

    public var description: String { "\(term):\(command)" }
}
