import QuorumCore

/// One version of a key's value, as a replica stores and ships it.
public struct StoredVersion: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public let dot: Dot
    /// What the writer had seen when it wrote: exactly the writes this one supersedes. In siblings
    /// mode it is the client's causal context; in lww mode the version the replica showed until then.
    public let seen: CausalContext
    /// What this version's holder knows: `seen` plus the dot (kept exact: a dot beyond a gap does
    /// not claim the dots below it), and in lww mode also the concurrent versions it was judged
    /// against and beat. Versions are compared by this context.
    public let clock: CausalContext
    /// The writing replica's wall clock at the write (skewed), for last-writer-wins.
    public let timestampMicros: Int64
    /// The client operation that wrote it.
    public let writer: ClientID
    public let sequence: UInt64

    public init(value: String, dot: Dot, seen: CausalContext, clock: CausalContext, timestampMicros: Int64, writer: ClientID, sequence: UInt64) {
        self.value = value
        self.dot = dot
        self.seen = seen
        self.clock = clock
        self.timestampMicros = timestampMicros
        self.writer = writer
        self.sequence = sequence
    }

    /// The same write, knowing more (lww merges the loser's clock into the winner's).
    func withClock(_ clock: CausalContext) -> StoredVersion {
        StoredVersion(value: value, dot: dot, seen: seen, clock: clock, timestampMicros: timestampMicros, writer: writer, sequence: sequence)
    }

    /// Last-writer-wins order: the later timestamp, then the higher replica id, then the later write
    /// of that replica. A total order, so every replica picks the same winner.
    func beats(_ other: StoredVersion) -> Bool {
        (timestampMicros, dot.node.index, dot.counter) > (other.timestampMicros, other.dot.node.index, other.dot.counter)
    }

    /// `left@n1:1[1,0,0]`
    public var description: String { "\(value)@\(dot)\(clock)" }
}
