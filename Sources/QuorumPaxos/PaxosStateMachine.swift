import QuorumCore

/// The replicated key-value store every protocol's clients use (ClientOperation.apply), with a
/// session per client so that a command chosen in two slots (a client's retry proposed by two
/// leaders) takes effect once and answers the same both times.
public struct PaxosStateMachine: Sendable, Equatable {
    struct Session: Sendable, Equatable {
        var sequence: UInt64
        var output: OperationOutput
    }

    /// The keys and the sessions, behind one reference (see `CopyOnWrite`).
    struct Contents: Sendable, Equatable {
        var values: [String: String] = [:]
        var sessions: [ClientID: Session] = [:]
    }

    var contents = CopyOnWrite(Contents())
    public var values: [String: String] { contents.value.values }
    var sessions: [ClientID: Session] {
        get { contents.value.sessions }
        _modify { yield &contents.value.sessions }
    }

    public static func == (lhs: PaxosStateMachine, rhs: PaxosStateMachine) -> Bool { lhs.contents.value == rhs.contents.value }

    public init() {}

    public var sortedContents: [(key: String, value: String)] {
        values.map { ($0.key, $0.value) }.sorted { $0.key < $1.key }
    }

    /// Executes one chosen value; returns the output for a client's command.
    public mutating func execute(_ value: PaxosValue) -> OperationOutput? {
        switch value {
        case .noop: return nil
        case .own(let node):
            contents.value.values["decree"] = node.description
            return nil
        case .request(let request):
            if let session = sessions[request.client], request.sequence <= session.sequence {
                return request.sequence == session.sequence ? session.output : nil
            }
            let output = request.operation.apply(to: &contents.value.values)
            sessions[request.client] = Session(sequence: request.sequence, output: output)
            return output
        }
    }

    /// The output already given to this request, if it executed.
    public func cachedOutput(for request: ClientRequest) -> OperationOutput? {
        guard let session = sessions[request.client], session.sequence == request.sequence else { return nil }
        return session.output
    }

    /// True when a later command of the same client already executed (this one is a stale retry).
    public func isStale(_ request: ClientRequest) -> Bool {
        guard let session = sessions[request.client] else { return false }
        return request.sequence < session.sequence
    }
}
