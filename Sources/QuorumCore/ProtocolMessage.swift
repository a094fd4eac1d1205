/// A protocol's message type. Each message has a one-line description shared by the event log, the
/// UI, recordings and golden traces, in the manner of `MsgVote Term:1 Log:1/2`.
public protocol ProtocolMessage: Sendable, CustomStringConvertible, TextWriting {
    /// The family the views fall back on (glyph and colour).
    var category: MessageCategory { get }
    /// The protocol's own kind of message as a theme key (`pre-prepare`), so that themes and the
    /// legend can tell apart what one family holds; nil: the family says it all.
    var styleKey: String? { get }
}

extension ProtocolMessage {
    public var styleKey: String? { nil }

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

/// Style keys name a protocol's own roles, messages and phases for themes (`pre-prepare`): lower-case
/// ASCII letters, digits and dashes, so they are safe in theme files, recordings and terminals.
public enum StyleKey {
    public static func isValid(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 40 && key.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}
