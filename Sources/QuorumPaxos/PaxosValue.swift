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
