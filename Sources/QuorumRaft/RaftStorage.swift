import QuorumCore

/// What a Raft server keeps on stable storage (Figure 2, "Persistent state on all servers").
public struct RaftStorage: Sendable, Equatable {
    public var currentTerm: Int = 0
    public var votedFor: NodeID?
    public var log = RaftLog()

    public init() {}
}

/// One durable write. A server must make these durable before answering the RPC that caused them;
/// the simulator applies them atomically with the handler.
public enum RaftStorageWrite: Sendable, Equatable {
    case hardState(term: Int, votedFor: NodeID?)
    /// Removes the entries from `from` on, then appends `entries` there.
    case entries(from: Int, [LogEntry])

    func apply(to storage: inout RaftStorage) {
        switch self {
        case .hardState(let term, let votedFor):
            storage.currentTerm = term
            storage.votedFor = votedFor
        case .entries(let from, let entries):
            storage.log.truncate(from: from)
            for entry in entries { storage.log.append(entry) }
        }
    }
}
