/// A vector clock over the nodes of one cluster, indexed by `NodeID.index` (Lamport 1978; Fidge and
/// Mattern 1988). The core stamps every message with its sender's clock and merges on receipt.
public struct VectorClock: Hashable, Sendable, CustomStringConvertible, TextWriting {
    public private(set) var counts: [UInt64]

    public init(nodeCount: Int) { counts = Array(repeating: 0, count: nodeCount) }

    public init(counts: [UInt64]) { self.counts = counts }

    public subscript(node: NodeID) -> UInt64 { counts[node.index] }

    public mutating func tick(_ node: NodeID) { counts[node.index] &+= 1 }

    /// Element-wise maximum: what this node now knows happened before.
    public mutating func merge(_ other: VectorClock) {
        for index in counts.indices where other.counts[index] > counts[index] {
            counts[index] = other.counts[index]
        }
    }

    public func compare(_ other: VectorClock) -> CausalOrder {
        var less = false
        var greater = false
        for index in counts.indices {
            if counts[index] < other.counts[index] { less = true }
            if counts[index] > other.counts[index] { greater = true }
        }
        switch (less, greater) {
        case (false, false): return .equal
        case (true, false): return .before
        case (false, true): return .after
        case (true, true): return .concurrent
        }
    }

    /// `[3,0,1,0,0]`
    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        text.append(UInt8(ascii: "["))
        for (index, count) in counts.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text.append(decimal: count)
        }
        text.append(UInt8(ascii: "]"))
    }
}

/// How two causal histories relate.
public enum CausalOrder: String, Sendable {
    case before, after, equal, concurrent
}
