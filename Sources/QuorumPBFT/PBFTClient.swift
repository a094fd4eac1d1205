import QuorumCore

/// A PBFT client (§4.1): it sends its request to the primary it believes in; a result completes
/// the operation only when f+1 replicas sent matching REPLYs (same timestamp, same result), since
/// at most f of them lie; if an attempt times out it sends the request to every replica. Backups
/// that get the request name the primary; the client follows a name that f+1 of them agree on
/// (the paper's REPLY carries the view instead, which a `ClientReply` cannot).
public struct PBFTClient: ClientStrategy {
    let clusterSize: Int
    var faultTolerance: Int { (clusterSize - 1) / 3 }
    /// The primary this client believes in.
    public private(set) var primary = NodeID(0)
    /// This operation's result from each replica that answered, by replica index.
    var results: [OperationOutput?]
    /// The primary each replica named for this operation, by replica index.
    var hints: [NodeID?]

    public init(clusterSize: Int) {
        self.clusterSize = clusterSize
        results = Array(repeating: nil, count: clusterSize)
        hints = Array(repeating: nil, count: clusterSize)
    }

    public mutating func begin(_ request: ClientRequest) {
        results = Array(repeating: nil, count: clusterSize)
        hints = Array(repeating: nil, count: clusterSize)
    }

    /// §4.1: the first attempt goes to the primary; after a timeout, to every replica.
    public mutating func targets(failed: [NodeID], random: inout RandomStream) -> [NodeID] {
        failed.isEmpty ? [primary] : NodeID.all(count: clusterSize)
    }

    public mutating func sent(to nodes: [NodeID]) {}

    public mutating func received(_ reply: ClientReply, from node: NodeID) -> ClientStep {
        guard node.index < clusterSize else { return .wait }
        switch reply.body {
        case .result(let output):
            // §4.1: wait for f+1 replies from different replicas with the same t and result.
            results[node.index] = output
            let matching = results.count { $0 == output }
            return matching >= faultTolerance + 1 ? .complete(output) : .wait
        case .redirect(let named):
            hints[node.index] = named
            if let named, hints.count(where: { $0 == named }) >= faultTolerance + 1 { primary = named }
            return .wait
        case .unavailable:
            return .wait
        }
    }
}
