import QuorumCore

/// The replicated key-value store: get, set, incr and cas, with per-client deduplication so that a
/// client's retry of an operation is applied once (Raft dissertation §6.3).
public struct KVStateMachine: Sendable, Equatable {
    private struct Session: Sendable, Equatable {
        var sequence: UInt64
        var output: OperationOutput
    }

    public private(set) var values: [String: String] = [:]
    private var sessions: [ClientID: Session] = [:]
    /// Folds every applied entry, in order: equal on two nodes iff they applied the same entries.
    public private(set) var appliedHash: UInt64 = StableHash.fnvOffset
    public private(set) var appliedCount = 0
    /// Folds the bytes of every payload command (the benchmark's check that all nodes agree).
    public private(set) var payloadChecksum: UInt64 = 0

    public init() {}

    /// Keys in sorted order, for display (never Dictionary order).
    public var sortedContents: [(key: String, value: String)] {
        values.map { ($0.key, $0.value) }.sorted { $0.key < $1.key }
    }

    /// Applies one committed entry; returns the output for a client command.
    public mutating func apply(_ entry: LogEntry) -> OperationOutput? {
        appliedHash = RaftLog.chain(appliedHash, entry)
        appliedCount += 1
        switch entry.command {
        case .noop: return nil
        case .payload(let high, let low):
            payloadChecksum = StableHash.mix(StableHash.mix(payloadChecksum, high), low)
            return nil
        case .client(let request): return applyClient(request)
        }
    }

    private mutating func applyClient(_ request: ClientRequest) -> OperationOutput {
        if let session = sessions[request.client], request.sequence <= session.sequence {
            // A retry of an operation already applied: answer as before, change nothing.
            return request.sequence == session.sequence ? session.output : .error("stale request")
        }
        let output = execute(request.operation)
        sessions[request.client] = Session(sequence: request.sequence, output: output)
        return output
    }

    /// The value of a key in this replica's local state.
    public func read(_ key: String) -> String? { values[key] }

    private mutating func execute(_ operation: ClientOperation) -> OperationOutput { operation.apply(to: &values) }
}
