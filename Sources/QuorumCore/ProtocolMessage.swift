/// A protocol's message type. Each message has a one-line description shared by the event log, the
/// UI, recordings and golden traces, in the manner of `MsgVote Term:1 Log:1/2`.
public protocol ProtocolMessage: Sendable, CustomStringConvertible, TextWriting {
    var category: MessageCategory { get }
}

extension ProtocolMessage {
    /// A protocol that writes only `description` still records; writing bytes is faster.
    public func write(to text: inout [UInt8]) { text.append(text: description) }
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
