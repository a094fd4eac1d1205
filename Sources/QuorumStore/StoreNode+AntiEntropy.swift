import QuorumCore

/// Anti-entropy (Dynamo §4.7): a node compares what it holds with one random peer, key by key,
/// for the keys both replicate, and each side sends the other what is newer. Dynamo compares
/// Merkle trees to send less; the outcome is the same.
extension StoreNode {
    mutating func startAntiEntropy(into effects: inout Effects) {
        guard clusterSize > 1 else { return }
        var peer = NodeID(random.int(in: 0...(clusterSize - 2)))
        if peer.index >= id.index { peer = NodeID(peer.index + 1) }
        let entries = sharedKeys(with: peer).map { key in
            let cell = store.cells[key]!
            return StoreMessage.DigestEntry(key: key, timestampMicros: cell.timestampMicros, coordinator: cell.coordinator,
                                            valueHash: StableHash.fnv1a(cell.value))
        }
        effects.append(.send(to: peer, .digest(entries: entries)))
    }

    /// Keys this node holds that `peer` replicates too, sorted.
    mutating func sharedKeys(with peer: NodeID) -> [String] {
        store.sortedKeys.filter { replicas(of: $0).contains(peer) }
    }

    mutating func answerDigest(_ entries: [StoreMessage.DigestEntry], from peer: NodeID, into effects: inout Effects) {
        var newer: [StoreMessage.KeyCell] = []
        var wants: [String] = []
        for entry in entries {
            guard let mine = store.cells[entry.key] else { wants.append(entry.key); continue }
            let ours = (mine.timestampMicros, mine.coordinator.index), theirs = (entry.timestampMicros, entry.coordinator.index)
            if ours > theirs {
                newer.append(.init(key: entry.key, cell: mine))
            } else if ours < theirs {
                wants.append(entry.key)
            } else if StableHash.fnv1a(mine.value) != entry.valueHash {
                // A tie on timestamp and coordinator: send ours and ask for theirs; last write
                // wins settles it by value on both sides.
                newer.append(.init(key: entry.key, cell: mine))
                wants.append(entry.key)
            }
        }
        // Keys the peer did not mention but replicates: it lacks them.
        let mentioned = Set(entries.map(\.key))
        for key in sharedKeys(with: peer) where !mentioned.contains(key) {
            newer.append(.init(key: key, cell: store.cells[key]!))
        }
        if !newer.isEmpty || !wants.isEmpty { effects.append(.send(to: peer, .sync(cells: newer, wants: wants))) }
    }
}
