import QuorumCore

/// What a slot decides: a client's command, a no-op (a new leader's filler for a gap, Paxos Made
/// Simple §3), or, in single-decree runs, a proposer's own value.
public enum PaxosValue: Hashable, Sendable, CustomStringConvertible, TextWriting {
    case noop
    case request(ClientRequest)
    /// Single decree: the value proposer `NodeID` wants chosen when no client gave it one.
    case own(NodeID)

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        switch self {
        case .noop: text.append(text: "noop")
        case .request(let request):
            text.append(request.client)
            text.append(UInt8(ascii: "#"))
            text.append(decimal: request.sequence)
            text.append(UInt8(ascii: " "))
            text.append(request.operation)
        case .own(let node):
            text.append(text: "v(")
            text.append(node)
            text.append(UInt8(ascii: ")"))
        }
    }

    /// A short label for slot strips: the operation, or `noop`, or `v(n2)`.
    public var label: String {
        switch self {
        case .request(let request): return request.operation.description
        default: return description
        }
    }
}

/// One acceptor's vote: it accepted `value` in `slot` at `ballot` (a promise carries these,
/// Paxos Made Simple §2.2 phase 1(b)).
public struct SlotVote: Hashable, Sendable, CustomStringConvertible, TextWriting {
    public var slot: Int
    public var ballot: Ballot
    public var value: PaxosValue

    public init(slot: Int, ballot: Ballot, value: PaxosValue) {
        self.slot = slot
        self.ballot = ballot
        self.value = value
    }

    public var description: String { writtenText }

    /// `s1@2.n3=set x 1`
    public func write(to text: inout [UInt8]) {
        text.append(UInt8(ascii: "s"))
        text.append(decimal: slot)
        text.append(UInt8(ascii: "@"))
        text.append(ballot)
        text.append(UInt8(ascii: "="))
        text.append(value)
    }
}
