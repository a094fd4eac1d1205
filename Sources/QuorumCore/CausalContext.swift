/// An exact set of writes (dots): a version vector for each replica's contiguous run of dots from
/// 1, plus the dots that lie beyond a gap, kept one by one. A plain version vector claims every dot
/// up to its entry; this never claims a dot it was not given, so a context built from a replica
/// that holds n1:2 but not n1:1 does not pretend to have seen n1:1 (the compression that lets a
/// write supersede a sibling no client saw).
///
/// This is the causal context of Almeida et al., "Scalable and Accurate Causality Tracking for
/// Eventually Consistent Stores" (DAIS 2014): the dot of a version is kept apart from its causal
/// past (dotted version vectors) and a version vector is extended with the dots it cannot absorb
/// (the "dotted causal container" of their DVVSet); a dot joins the vector only when it is the
/// next one after the run.
public struct CausalContext: Hashable, Sendable, CustomStringConvertible, TextWriting {
    /// Per replica, the length of the run of dots 1...n held.
    public private(set) var vector: VectorClock
    /// Dots held beyond a gap, sorted; none is the next after its replica's run.
    public private(set) var dots: [Dot]

    public init(nodeCount: Int) {
        vector = VectorClock(nodeCount: nodeCount)
        dots = []
    }

    /// Every dot up to each entry of `vector`.
    public init(vector: VectorClock) {
        self.vector = vector
        dots = []
    }

    public var nodeCount: Int { vector.counts.count }

    public var isEmpty: Bool { dots.isEmpty && vector.counts.allSatisfy { $0 == 0 } }

    public func contains(_ dot: Dot) -> Bool {
        guard dot.node.index < nodeCount else { return false }
        return dot.counter <= vector[dot.node] || dots.contains(dot)
    }

    /// The highest counter of `node` this context holds.
    public func maxCounter(of node: NodeID) -> UInt64 {
        dots.reduce(vector[node]) { $1.node == node ? max($0, $1.counter) : $0 }
    }

    public mutating func insert(_ dot: Dot) {
        guard !contains(dot) else { return }
        dots.append(dot)
        normalise()
    }

    public func inserting(_ dot: Dot) -> CausalContext {
        var copy = self
        copy.insert(dot)
        return copy
    }

    /// The union of both sets.
    public mutating func merge(_ other: CausalContext) {
        vector.merge(other.vector)
        dots += other.dots
        normalise()
    }

    /// How the two sets relate: `before` when this one is a strict subset of `other`.
    public func compare(_ other: CausalContext) -> CausalOrder {
        let inOther = isSubset(of: other)
        let otherInThis = other.isSubset(of: self)
        switch (inOther, otherInThis) {
        case (true, true): return .equal
        case (true, false): return .before
        case (false, true): return .after
        case (false, false): return .concurrent
        }
    }

    private func isSubset(of other: CausalContext) -> Bool {
        // other's run stops just before a dot it lacks, so a longer run here holds a dot it lacks.
        for index in vector.counts.indices where vector.counts[index] > other.vector.counts[index] { return false }
        return dots.allSatisfy { other.contains($0) }
    }

    /// Sorts the loose dots, drops those the vector holds, and moves into the vector every dot
    /// that continues a run. One pass suffices: dots of a replica come in increasing order.
    private mutating func normalise() {
        dots.sort()
        var counts = vector.counts
        var loose: [Dot] = []
        for dot in dots where dot.node.index < counts.count {
            let run = counts[dot.node.index]
            if dot.counter <= run || loose.last == dot { continue }
            if dot.counter == run + 1 {
                counts[dot.node.index] = dot.counter
            } else {
                loose.append(dot)
            }
        }
        vector = VectorClock(counts: counts)
        dots = loose
    }

    /// `[2,0,1]`, or with dots beyond a gap `[0,0,1]+n1:2`.
    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        text.append(vector)
        for (offset, dot) in dots.enumerated() {
            text.append(UInt8(ascii: offset == 0 ? "+" : ","))
            text.append(text: dot.description)
        }
    }
}
