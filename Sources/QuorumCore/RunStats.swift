/// Counters over a run's event stream.
public struct RunStats: Hashable, Sendable {
    public var events: UInt64 = 0
    public var messagesSent: UInt64 = 0
    public var messagesDelivered: UInt64 = 0
    public var messagesDropped: UInt64 = 0
    public var timersFired: UInt64 = 0
    public var leaderElections: UInt64 = 0
    public var crashes: UInt64 = 0
    public var highestCommitIndex: Int = 0

    public init() {}
}
