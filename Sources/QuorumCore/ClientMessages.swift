/// A request from a simulated client to a node. `sequence` numbers a client's operations from 1;
/// retries of one operation keep its number, so a protocol can recognise and deduplicate them.
public struct ClientRequest: Hashable, Sendable, CustomStringConvertible, TextWriting {
    public let client: ClientID
    public let sequence: UInt64
    public let operation: ClientOperation
    /// The causal context the client last read for this key (Dynamo's read-modify-write): a write
    /// carrying it supersedes the versions it saw. Nil for protocols that do not hand contexts out.
    public let context: CausalContext?
    /// What the protocol's client strategy attached (a consistency level, a datacenter), in order.
    public let options: [RequestOption]

    public init(client: ClientID, sequence: UInt64, operation: ClientOperation, context: CausalContext? = nil, options: [RequestOption] = []) {
        self.client = client
        self.sequence = sequence
        self.operation = operation
        self.context = context
        self.options = options
    }

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        text.append(text: "Request ")
        text.append(client)
        text.append(UInt8(ascii: "#"))
        text.append(decimal: sequence)
        text.append(UInt8(ascii: " "))
        text.append(operation)
        for option in options {
            text.append(UInt8(ascii: " "))
            text.append(text: option.name)
            text.append(UInt8(ascii: "="))
            text.append(text: option.value)
        }
        if let context {
            text.append(text: " ctx:")
            text.append(context)
        }
    }
}

/// A node's answer to a client request.
public struct ClientReply: Hashable, Sendable, CustomStringConvertible, TextWriting {
    public enum Body: Hashable, Sendable {
        /// The operation took effect (or was evaluated) with this output.
        case result(OperationOutput)
        /// This node cannot serve the request; try the named node (the leader it knows), if any.
        /// A redirect promises that this node did not accept the request.
        case redirect(NodeID?)
        /// The node refused without taking the request (e.g. no quorum); safe to retry.
        case unavailable(String)
    }

    public let client: ClientID
    public let sequence: UInt64
    public let body: Body
    /// With a read from a store that keeps versions: the causal context of what was read, for the
    /// client to send back with its next write of the key.
    public let context: CausalContext?

    public init(client: ClientID, sequence: UInt64, body: Body, context: CausalContext? = nil) {
        self.client = client
        self.sequence = sequence
        self.body = body
        self.context = context
    }

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        switch body {
        case .result: text.append(text: "Reply ")
        case .redirect: text.append(text: "Redirect ")
        case .unavailable: text.append(text: "Unavailable ")
        }
        text.append(client)
        text.append(UInt8(ascii: "#"))
        text.append(decimal: sequence)
        switch body {
        case .result(let output):
            text.append(UInt8(ascii: " "))
            text.append(output)
            if let context {
                text.append(text: " ctx:")
                text.append(context)
            }
        case .redirect(let leader):
            text.append(text: " leader:")
            if let leader { text.append(leader) } else { text.append(UInt8(ascii: "?")) }
        case .unavailable(let reason):
            text.append(UInt8(ascii: " "))
            text.append(text: reason)
        }
    }
}
