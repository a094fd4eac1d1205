/// One client operation as the client saw it: the raw material of every consistency checker.
///
/// An operation whose client gave up is `unknown`: it may or may not have taken effect, and a checker
/// must treat its response time as +infinity.
public struct HistoryEntry: Hashable, Sendable, CustomStringConvertible {
    public enum Outcome: Hashable, Sendable, CustomStringConvertible {
        case pending
        case ok(OperationOutput)
        /// Definitely did not take effect (every attempt was refused without being accepted).
        case failed(String)
        /// The client gave up after an attempt whose fate it cannot know.
        case unknown

        public var description: String {
            switch self {
            case .pending: return "pending"
            case .ok(let output): return "ok \(output)"
            case .failed(let reason): return "failed (\(reason))"
            case .unknown: return "unknown"
            }
        }
    }

    /// Position in the run's history, from 0.
    public let id: Int
    public let client: ClientID
    public let sequence: UInt64
    public let operation: ClientOperation
    public let invokedAt: SimTime
    public var completedAt: SimTime?
    public var outcome: Outcome
    /// Nodes the client sent attempts to, in order.
    public var attempts: [NodeID]

    public init(id: Int, client: ClientID, sequence: UInt64, operation: ClientOperation, invokedAt: SimTime) {
        self.id = id
        self.client = client
        self.sequence = sequence
        self.operation = operation
        self.invokedAt = invokedAt
        self.completedAt = nil
        self.outcome = .pending
        self.attempts = []
    }

    public var description: String {
        let end = completedAt.map(\.description) ?? "-"
        return "op\(id) \(client) \(operation) [\(invokedAt) .. \(end)] \(outcome)"
    }
}
