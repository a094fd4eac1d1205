/// Either end of a message: a node or a client.
public enum Endpoint: Hashable, Sendable, CustomStringConvertible, TextWriting {
    case node(NodeID)
    case client(ClientID)

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        switch self {
        case .node(let node): text.append(node)
        case .client(let client): text.append(client)
        }
    }

    public var node: NodeID? { if case .node(let node) = self { return node } else { return nil } }
}

/// What a message carries: a protocol message between nodes, or client traffic.
public enum Payload<Message: ProtocolMessage>: Sendable, CustomStringConvertible, TextWriting {
    case protocolMessage(Message)
    case request(ClientRequest)
    case reply(ClientReply)

    /// The protocol message's own style key, if it has one.
    public var styleKey: String? {
        if case .protocolMessage(let message) = self { return message.styleKey }
        return nil
    }

    public var category: MessageCategory {
        if case .protocolMessage(let message) = self { return message.category }
        return .client
    }

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        switch self {
        case .protocolMessage(let message): text.append(message)
        case .request(let request): text.append(request)
        case .reply(let reply): text.append(reply)
        }
    }
}

/// A message in the simulated network, with its causal stamps.
public struct Envelope<Message: ProtocolMessage>: Sendable, CustomStringConvertible, TextWriting {
    /// Unique in a run, in sending order.
    public let id: UInt64
    public let from: Endpoint
    public let to: Endpoint
    public let payload: Payload<Message>
    public let sentAt: SimTime
    public let deliverAt: SimTime
    /// The sender's vector clock and Lamport time at sending (zero-length for client traffic).
    public let clock: VectorClock
    public let lamport: UInt64
    /// A copy made by the network's duplication fault.
    public let isDuplicate: Bool
    /// Decided at sending by the loss fault; the message still travels and dies on arrival.
    public let isLost: Bool

    /// `n1->n2 MsgVote Term:1 Log:1/2`
    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        text.append(from)
        text.append(text: "->")
        text.append(to)
        text.append(UInt8(ascii: " "))
        text.append(payload)
        if isDuplicate { text.append(text: " (dup)") }
    }
}
