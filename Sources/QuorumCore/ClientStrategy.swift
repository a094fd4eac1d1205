/// How a protocol's clients talk to the cluster: where an attempt goes, what a request carries,
/// and which replies complete an operation. The simulator keeps everything else (one operation at
/// a time, attempt timeouts, giving up, the history: invoke, complete, ok/failed/unknown), the same
/// for every protocol. Leader-based protocols use `LeaderFollowingClient`; a protocol whose
/// clients broadcast and wait for matching replies (PBFT), or choose a coordinator and a
/// consistency level per request (a Dynamo-style store), supplies its own.
///
/// One value per client. It draws randomness only from the stream it is handed.
public protocol ClientStrategy: Sendable {
    init(clusterSize: Int)
    /// A new operation begins: forget what belonged to the previous one.
    mutating func begin(_ request: ClientRequest)
    /// Options the request carries (a consistency level, a target datacenter). Default: none.
    func options(for operation: ClientOperation) -> [RequestOption]
    /// Where the next attempt goes: one node, or several at once. `failed` is the node(s) the
    /// previous attempt went to when it timed out, empty on the first attempt or after a backoff.
    mutating func targets(failed: [NodeID], random: inout RandomStream) -> [NodeID]
    /// An attempt is being sent to these nodes (chosen by `targets`, by a script, or by a retry).
    mutating func sent(to nodes: [NodeID])
    /// A reply from `node` to the operation in progress.
    mutating func received(_ reply: ClientReply, from node: NodeID) -> ClientStep
}

extension ClientStrategy {
    public func options(for operation: ClientOperation) -> [RequestOption] { [] }
}

/// What a client does after a reply.
public enum ClientStep: Sendable, Equatable {
    /// The operation completed with this output.
    case complete(OperationOutput)
    /// Send the request again now, to these nodes (a redirect to the leader).
    case retry([NodeID])
    /// Wait for the backoff, then try again (no node can serve it now).
    case retryLater
    /// Keep waiting for more replies (e.g. f+1 matching ones).
    case wait
    /// Give up now: the node refused for good without taking the request (a coordinator that
    /// knows too few replicas are up). Recorded as failed, unless an earlier attempt may have
    /// taken effect.
    case fail(String)
    /// Give up now with an unknown outcome: the node took the request but could not say whether
    /// it took effect (a coordinator's timeout; the write may still land).
    case outcomeUnknown
}

/// One option a request carries, written after the operation (`level=QUORUM`).
public struct RequestOption: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// `name=value`, as scripts and requests write it.
    public var description: String { name + "=" + value }

    /// Reads `name=value` (a script's `workload` line): nil unless both sides are non-empty words
    /// of letters, digits, `-` and `_`, so the option reads back from a recording unchanged.
    public init?(parsing text: Substring) {
        let halves = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty, halves[0].allSatisfy(allowed), halves[1].allSatisfy(allowed) else {
            return nil
        }
        self.init(String(halves[0]), String(halves[1]))
    }
}

/// The client of leader-based protocols (and of stores where any replica answers): send to the
/// leader last heard of, else to a random node; follow a redirect at once; a node that timed out
/// is not tried again straight away.
public struct LeaderFollowingClient: ClientStrategy {
    let clusterSize: Int
    /// The leader this client last heard of.
    public private(set) var knownLeader: NodeID?
    /// Where the last attempt went.
    var target: NodeID?

    public init(clusterSize: Int) { self.clusterSize = clusterSize }

    public mutating func begin(_ request: ClientRequest) {}

    public mutating func targets(failed: [NodeID], random: inout RandomStream) -> [NodeID] {
        if let leader = knownLeader, failed.contains(leader) { knownLeader = nil }
        let node: NodeID
        if let leader = knownLeader {
            node = leader
        } else {
            let candidates = NodeID.all(count: clusterSize).filter { !failed.contains($0) }
            node = candidates.isEmpty ? NodeID(0) : random.pick(candidates)
        }
        return [node]
    }

    public mutating func sent(to nodes: [NodeID]) { target = nodes.first }

    public mutating func received(_ reply: ClientReply, from node: NodeID) -> ClientStep {
        switch reply.body {
        case .result(let output):
            return .complete(output)
        case .redirect(let leader):
            knownLeader = leader
            guard let leader, leader != target else { return .retryLater }
            return .retry([leader])
        case .unavailable:
            knownLeader = nil
            return .retryLater
        }
    }
}
