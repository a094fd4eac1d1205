import QuorumCore

/// A request a node coordinates, from the client's request until every replica answered or the
/// request timed out.
public struct PendingRequest: Sendable {
    public enum Phase: String, Sendable {
        /// Waiting for the level's acks or answers.
        case gathering
        /// A read waits for the replicas it repairs (blocking read repair).
        case repairing
        /// The client has its answer; a write still waits for slower replicas (for hints).
        case answered
    }

    public let client: ClientID
    public let sequence: UInt64
    public let key: String
    public let level: ConsistencyLevel
    public let requirement: ConsistencyLevel.Requirement
    /// The cell a write carries; nil for a read.
    public let cell: Cell?
    /// The replicas a write went to, or a read asked.
    public let targets: [NodeID]
    public internal(set) var phase: Phase = .gathering
    /// Replicas that acked (writes) or answered (reads), and hints that count (sloppy, ANY).
    public internal(set) var answered: [NodeID] = []
    var answeredTotal = 0
    var answeredPerDatacenter: [Int]
    /// What each replica that answered a read holds.
    var readCells: [(node: NodeID, cell: Cell?)] = []
    /// The newest cell a read found (what it will return).
    var newest: Cell?
    /// Replicas a read is repairing and has not heard back from.
    var awaitingRepair: [NodeID] = []
    /// For a read of a `quorum pbs` trial that the coordinator started itself: which of the
    /// trial's delays it measures (it counts, it does not reply).
    var trialProbe: Int?

    public var isWrite: Bool { cell != nil }

    init(client: ClientID, sequence: UInt64, key: String, level: ConsistencyLevel, requirement: ConsistencyLevel.Requirement,
         cell: Cell?, targets: [NodeID], datacenterCount: Int) {
        self.client = client
        self.sequence = sequence
        self.key = key
        self.level = level
        self.requirement = requirement
        self.cell = cell
        self.targets = targets
        answeredPerDatacenter = Array(repeating: 0, count: datacenterCount)
    }

    /// Counts one answer; false if that node was counted already.
    mutating func count(_ node: NodeID, datacenter: Int) -> Bool {
        guard !answered.contains(node) else { return false }
        answered.append(node)
        answeredTotal += 1
        answeredPerDatacenter[datacenter] += 1
        return true
    }

    var isMet: Bool { requirement.isMet(total: answeredTotal, perDatacenter: answeredPerDatacenter) }

    /// `QUORUM 1/2`: the level, the answers counted and the answers needed.
    public var progressText: String { "\(level) \(min(answered.count, requirement.count))/\(requirement.count)" }
}
