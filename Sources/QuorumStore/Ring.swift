import QuorumCore

/// The consistent-hash ring (Dynamo §4.2): every node owns `vnodes` tokens, a key hashes to a
/// token, and its replicas are found walking clockwise from it. With several datacenters the walk
/// takes the first `replicationFactors[d]` distinct nodes of each datacenter d, as Cassandra's
/// NetworkTopologyStrategy does (Cassandra documentation, "Data replication"); with one datacenter
/// that is Dynamo's preference list of the first N distinct nodes (§4.3).
///
/// A class (immutable, shared by every copy of a node): the simulator copies node values often,
/// and one reference costs less to copy than three arrays.
public final class Ring: Sendable, Equatable {
    public struct Token: Sendable, Equatable {
        public let position: UInt64
        public let node: NodeID
    }

    /// Every token of every node, sorted clockwise.
    public let tokens: [Token]
    /// `datacenterOf[node]`: the datacenter index of each node.
    public let datacenterOf: [Int]
    public let replicationFactors: [Int]

    public static func == (lhs: Ring, rhs: Ring) -> Bool {
        lhs.tokens == rhs.tokens && lhs.datacenterOf == rhs.datacenterOf && lhs.replicationFactors == rhs.replicationFactors
    }

    public init(nodeCount: Int, vnodes: Int, datacenterOf: [Int], replicationFactors: [Int]) {
        precondition(datacenterOf.count == nodeCount && vnodes > 0, "one datacenter per node, at least one token each")
        var tokens: [Token] = []
        tokens.reserveCapacity(nodeCount * vnodes)
        for node in 0..<nodeCount {
            for vnode in 0..<vnodes {
                // Tokens come from a stable hash of the node and vnode number, so every run and
                // every replica computes the same ring without talking (Dynamo §4.2's random tokens).
                tokens.append(Token(position: Ring.hash("n\(node + 1)/\(vnode)"), node: NodeID(node)))
            }
        }
        tokens.sort { ($0.position, $0.node.index) < ($1.position, $1.node.index) }
        self.tokens = tokens
        self.datacenterOf = datacenterOf
        self.replicationFactors = replicationFactors
    }

    /// The ring position of a key or a token name: FNV-1a, then a finaliser so that similar names
    /// spread round the ring.
    public static func hash(_ text: String) -> UInt64 {
        var value = StableHash.fnv1a(text)
        value = (value ^ (value >> 33)) &* 0xff51_afd7_ed55_8ccd
        value = (value ^ (value >> 33)) &* 0xc4ce_b9fe_1a85_ec53
        return value ^ (value >> 33)
    }

    /// The index of the first token at or after `position`, wrapping round.
    func firstTokenIndex(atOrAfter position: UInt64) -> Int {
        var low = 0, high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].position < position { low = middle + 1 } else { high = middle }
        }
        return low == tokens.count ? 0 : low
    }

    /// The key's replicas in ring order from its token: per datacenter the first RF distinct nodes
    /// (fewer when the datacenter has fewer nodes).
    public func replicas(of key: String) -> [NodeID] {
        var wanted = replicationFactors
        var remaining = wanted.reduce(0, +)
        var chosen: [NodeID] = []
        var start = firstTokenIndex(atOrAfter: Ring.hash(key))
        var visited = 0
        while remaining > 0, visited < tokens.count {
            let node = tokens[start].node
            let datacenter = datacenterOf[node.index]
            if wanted[datacenter] > 0, !chosen.contains(node) {
                chosen.append(node)
                wanted[datacenter] -= 1
                remaining -= 1
            }
            start = start + 1 == tokens.count ? 0 : start + 1
            visited += 1
        }
        return chosen
    }

    /// The node whose token comes first at or after the key's token (the key's primary owner).
    public func owner(of key: String) -> NodeID { tokens[firstTokenIndex(atOrAfter: Ring.hash(key))].node }

    /// Each node's first token, as a fraction of the ring in thousandths, for views.
    public func firstTokenPermille(of node: NodeID) -> Int {
        guard let token = tokens.first(where: { $0.node == node }) else { return 0 }
        return Int(token.position >> 32) * 1000 / Int(UInt32.max)
    }
}
