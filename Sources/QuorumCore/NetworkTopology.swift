/// Who can reach whom: partitions (groups of nodes that reach each other) and one-way link cuts.
public struct NetworkTopology: Hashable, Sendable {
    public let nodeCount: Int
    /// The side each node is on, or nil everywhere when the network is whole.
    public private(set) var sideOf: [Int]?
    /// `cut[from][to]`: messages from `from` to `to` are lost.
    public private(set) var cut: [[Bool]]

    public init(nodeCount: Int) {
        self.nodeCount = nodeCount
        self.sideOf = nil
        self.cut = Array(repeating: Array(repeating: false, count: nodeCount), count: nodeCount)
    }

    @inline(__always)
    public func canReach(from: NodeID, to: NodeID) -> Bool {
        if cut[from.index][to.index] { return false }
        guard let sideOf else { return true }
        return sideOf[from.index] == sideOf[to.index]
    }

    public var isPartitioned: Bool { sideOf != nil }

    public var hasCuts: Bool { cut.contains { $0.contains(true) } }

    /// Splits the cluster into sides. Nodes named in no side form one more side together.
    public mutating func partition(_ sides: [[NodeID]]) {
        var assignment = Array(repeating: sides.count, count: nodeCount)
        for (side, members) in sides.enumerated() {
            for node in members { assignment[node.index] = side }
        }
        sideOf = assignment
    }

    /// The current sides, each sorted, in order of their lowest node.
    public var sides: [[NodeID]] {
        guard let sideOf else { return [NodeID.all(count: nodeCount)] }
        var grouped: [[NodeID]] = []
        var sideIndexOf: [Int: Int] = [:]
        for index in 0..<nodeCount {
            let side = sideOf[index]
            if let position = sideIndexOf[side] {
                grouped[position].append(NodeID(index))
            } else {
                sideIndexOf[side] = grouped.count
                grouped.append([NodeID(index)])
            }
        }
        return grouped
    }

    public mutating func cutLink(from: NodeID, to: NodeID) { cut[from.index][to.index] = true }

    public mutating func repairLink(from: NodeID, to: NodeID) { cut[from.index][to.index] = false }

    /// Removes every partition and every cut.
    public mutating func heal() {
        sideOf = nil
        cut = Array(repeating: Array(repeating: false, count: nodeCount), count: nodeCount)
    }

    /// Every cut link as (from, to), in node order.
    public var cutLinks: [(from: NodeID, to: NodeID)] {
        var links: [(NodeID, NodeID)] = []
        for from in 0..<nodeCount {
            for to in 0..<nodeCount where cut[from][to] { links.append((NodeID(from), NodeID(to))) }
        }
        return links
    }
}
