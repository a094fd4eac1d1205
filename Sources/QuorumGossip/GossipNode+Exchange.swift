import QuorumCore

/// Anti-entropy (Demers et al., "Epidemic algorithms for replicated database maintenance", 1987):
/// push-pull with one random peer. Digests carry a fingerprint per key, so a round between replicas
/// that agree costs two small messages.
extension GossipNode {
    mutating func startExchange(into effects: inout Effects) {
        guard !peers.isEmpty else { return }
        let peer = random.pick(peers)
        effects.append(.send(to: peer, .digest(keys: keyDigests, counters: counterStates)))
    }

    var keyDigests: [GossipMessage.KeyDigest] {
        store.sortedRegisterKeys.map { .init(key: $0, fingerprint: StableHash.fnv1a(store.registers[$0]!.summary)) }
    }

    var counterStates: [GossipMessage.CounterState] {
        store.sortedCounterKeys.map { .init(key: $0, counts: store.counters[$0]!) }
    }

    mutating func receive(_ message: GossipMessage, from peer: NodeID, into effects: inout Effects) {
        switch message {
        case .push(let key, let version):
            merge(version, key: key, from: peer, into: &effects)
        case .pushCounter(let key, let counts):
            mergeCounter(key, counts, into: &effects)
        case .digest(let keys, let counters):
            answerDigest(keys, counters: counters, from: peer, into: &effects)
        case .repair(let entries, let counters, let wants):
            for entry in entries {
                for version in entry.versions { merge(version, key: entry.key, from: peer, into: &effects) }
            }
            for counter in counters { mergeCounter(counter.key, counter.counts, into: &effects) }
            if !wants.isEmpty {
                effects.append(.send(to: peer, .repair(entries: versionEntries(for: wants), counters: [], wants: [])))
            }
        }
    }

    /// Sends the peer every key whose versions differ from its digest, and asks for the ones it has
    /// that we differ on. Counters are merged both ways in the same round.
    private mutating func answerDigest(_ digests: [GossipMessage.KeyDigest], counters: [GossipMessage.CounterState], from peer: NodeID,
                                       into effects: inout Effects) {
        let ours = keyDigests
        var theirs: [String: UInt64] = [:]
        for digest in digests { theirs[digest.key] = digest.fingerprint }
        var ourPrints: [String: UInt64] = [:]
        for digest in ours { ourPrints[digest.key] = digest.fingerprint }
        // Both lists keep the order of the digests they come from (sorted keys), never Dictionary order.
        let differing = ours.filter { theirs[$0.key] != $0.fingerprint }.map(\.key)
        let wants = digests.filter { ourPrints[$0.key] != $0.fingerprint }.map(\.key)
        var newerCounters: [GossipMessage.CounterState] = []
        var theirCounters: [String: [UInt64]] = [:]
        for counter in counters {
            theirCounters[counter.key] = counter.counts
            mergeCounter(counter.key, counter.counts, into: &effects)
        }
        for state in counterStates where theirCounters[state.key] != state.counts { newerCounters.append(state) }
        guard !differing.isEmpty || !wants.isEmpty || !newerCounters.isEmpty else { return }
        effects.append(.send(to: peer, .repair(entries: versionEntries(for: differing), counters: newerCounters, wants: wants)))
    }

    private func versionEntries(for keys: [String]) -> [GossipMessage.KeyEntry] {
        keys.compactMap { key in store.registers[key].map { .init(key: key, versions: $0.versions) } }
    }
}
