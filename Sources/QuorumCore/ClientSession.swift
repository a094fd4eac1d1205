/// A simulated client: one operation at a time, retried across nodes until it completes or the
/// client gives up.
struct ClientSession: Sendable {
    enum Wake: Sendable {
        /// Between workload operations.
        case think
        /// The current attempt had no reply in time.
        case attemptTimeout
        /// Waiting before the next attempt (no leader was known).
        case backoff
    }

    let id: ClientID
    /// Workload clients generate operations forever; script clients run what they are given.
    let isWorkload: Bool
    var nextSequence: UInt64 = 1
    /// History index of the operation in progress.
    var current: Int?
    var currentSequence: UInt64 = 0
    /// Where the last attempt went.
    var target: NodeID?
    /// The leader this client last heard of.
    var knownLeader: NodeID?
    /// Some attempt may have reached a node that accepted it, so giving up means "unknown".
    var mayHaveTakenEffect = false
    var wakeGeneration: UInt64 = 0
    var wake: Wake = .think
    /// For workload cas: the last value this client read or wrote, to make cas succeed sometimes.
    var lastSeenValue: String?
    /// The causal context last read per key, sent back with the next write of that key. Looked up
    /// by key only, never iterated.
    var contexts: [String: CausalContext] = [:]
    /// A write waiting for the read of its key that goes first (read-modify-write).
    var writeAfterRead: PendingWrite?

    struct PendingWrite: Sendable {
        let operation: ClientOperation
        /// The node the write was meant for (nil: the node that answers the read).
        let target: NodeID?
    }

    init(id: ClientID, isWorkload: Bool) {
        self.id = id
        self.isWorkload = isWorkload
    }

    var isIdle: Bool { current == nil }
}
