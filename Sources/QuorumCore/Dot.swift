/// The identity of one write: the replica that accepted it and that replica's counter for the key
/// (a "dot", as in dotted version vectors: Preguiça et al., 2012; Almeida et al., 2014).
public struct Dot: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let node: NodeID
    public let counter: UInt64

    public init(node: NodeID, counter: UInt64) {
        self.node = node
        self.counter = counter
    }

    /// True when `context` holds this write.
    public func isCovered(by context: CausalContext) -> Bool { context.contains(self) }

    public static func < (lhs: Dot, rhs: Dot) -> Bool {
        (lhs.node.index, lhs.counter) < (rhs.node.index, rhs.counter)
    }

    /// `n1:3`
    public var description: String { "\(node):\(counter)" }
}
