import QuorumCore

/// A client of the store: any node coordinates (Dynamo §4.2, a client that is not
/// partition-aware sends to a random node), so each operation goes to a random node; a node that
/// timed out is not tried again at once. "Unavailable" is final and definite (nothing was sent);
/// "timeout" is final and unknown (the write may still land, Cassandra's WriteTimeoutException).
public struct StoreClient: ClientStrategy {
    let clusterSize: Int

    public init(clusterSize: Int) { self.clusterSize = clusterSize }

    public mutating func begin(_ request: ClientRequest) {}

    public mutating func targets(failed: [NodeID], random: inout RandomStream) -> [NodeID] {
        let candidates = NodeID.all(count: clusterSize).filter { !failed.contains($0) }
        return [candidates.isEmpty ? random.pick(NodeID.all(count: clusterSize)) : random.pick(candidates)]
    }

    public mutating func sent(to nodes: [NodeID]) {}

    public mutating func received(_ reply: ClientReply, from node: NodeID) -> ClientStep {
        switch reply.body {
        case .result(.error(let reason)) where reason.hasPrefix("timeout"):
            return .outcomeUnknown
        case .result(let output):
            return .complete(output)
        case .unavailable(let reason):
            return .fail(reason)
        case .redirect:
            return .retryLater
        }
    }
}
