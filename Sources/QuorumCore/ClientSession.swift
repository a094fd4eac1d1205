/// A simulated client: one operation at a time, retried across nodes until it completes or the
/// client gives up. Where attempts go and which replies complete them is the protocol's
/// `ClientStrategy`; the rest is the same for every protocol.
struct ClientSession<Strategy: ClientStrategy>: Sendable {
    typealias Wake = ClientWake

    let id: ClientID
    /// Workload clients generate operations forever; script clients run what they are given.
    let isWorkload: Bool
    var strategy: Strategy
    var nextSequence: UInt64 = 1
    /// History index of the operation in progress.
    var current: Int?
    var currentSequence: UInt64 = 0
    /// The request of the operation in progress, as sent.
    var currentRequest: ClientRequest?
    /// Where the last attempt went.
    var targets: [NodeID] = []
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

    init(id: ClientID, isWorkload: Bool, clusterSize: Int) {
        self.id = id
        self.isWorkload = isWorkload
        strategy = Strategy(clusterSize: clusterSize)
    }

    var isIdle: Bool { current == nil }
}

/// Why a client wakes up.
enum ClientWake: Sendable {
    /// Between workload operations.
    case think
    /// The current attempt had no reply in time.
    case attemptTimeout
    /// Waiting before the next attempt (no leader was known).
    case backoff
}
