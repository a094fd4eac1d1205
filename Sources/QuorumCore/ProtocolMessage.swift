/// A protocol's message type. Each message has a one-line description shared by the event log, the
/// UI, recordings and golden traces, in the manner of `MsgVote Term:1 Log:1/2`.
public protocol ProtocolMessage: Sendable, CustomStringConvertible {
    var category: MessageCategory { get }
}

/// Protocol-neutral kinds of message, so that views can tell them apart by glyph and colour.
public enum MessageCategory: String, Sendable, CaseIterable {
    /// Asking for a vote or leadership (a vote request, a view change).
    case election
    /// An answer to an election message.
    case electionReply
    /// Carrying state or log entries (log entries, a pre-prepare, a gossip push).
    case replication
    /// Acknowledging replication.
    case replicationReply
    /// Client requests and replies.
    case client
    case other
}
