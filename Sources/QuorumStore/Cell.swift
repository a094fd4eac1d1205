import QuorumCore

/// One value of a key with the timestamp its coordinator gave it. Last write wins (Cassandra's
/// reconciliation): the later timestamp survives, the coordinator's id and then the value break a
/// tie, so every replica picks the same winner whatever order cells arrive in.
public struct Cell: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public let timestampMicros: Int64
    public let coordinator: NodeID

    public init(value: String, timestampMicros: Int64, coordinator: NodeID) {
        self.value = value
        self.timestampMicros = timestampMicros
        self.coordinator = coordinator
    }

    /// True when `self` wins over `other` under last-write-wins.
    public func supersedes(_ other: Cell) -> Bool {
        if timestampMicros != other.timestampMicros { return timestampMicros > other.timestampMicros }
        if coordinator != other.coordinator { return coordinator > other.coordinator }
        return value > other.value
    }

    /// The winner of two optional cells.
    public static func newest(_ a: Cell?, _ b: Cell?) -> Cell? {
        guard let a else { return b }
        guard let b else { return a }
        return b.supersedes(a) ? b : a
    }

    public var description: String { "\(value)@\(timestampMicros)" }
}

/// A write kept for a replica that could not take it (Dynamo §4.6 hinted handoff): replayed when
/// the replica is believed up again.
public struct Hint: Hashable, Sendable {
    public let replica: NodeID
    public let key: String
    public let cell: Cell

    public init(replica: NodeID, key: String, cell: Cell) {
        self.replica = replica
        self.key = key
        self.cell = cell
    }
}
