import QuorumCore

/// The nodes of the cluster but one, without building an array.
struct Peers: Sequence {
    let count: Int
    let skipping: Int

    struct Iterator: IteratorProtocol {
        var position: Int
        let count: Int
        let skipping: Int

        mutating func next() -> NodeID? {
            if position == skipping { position += 1 }
            guard position < count else { return nil }
            defer { position += 1 }
            return NodeID(position)
        }
    }

    func makeIterator() -> Iterator { Iterator(position: 0, count: count, skipping: skipping) }
}
