import QuorumCore

/// Everything a replica holds for one key: one version, or several concurrent ones (siblings).
/// Kept sorted by dot, so that equal contents compare and print equal on every replica.
public struct KeyVersions: Hashable, Sendable {
    /// How an incoming version was judged, for the event stream and the views.
    public struct Judgment: Sendable {
        public let order: CausalOrder
        public let outcome: String
        public let changed: Bool
        /// Versions dropped by conflict resolution (not superseded by a write that saw them).
        public let discarded: [StoredVersion]
    }

    public private(set) var versions: [StoredVersion] = []

    public init() {}

    /// Everything the versions held here have seen, their own writes included, as an exact set of
    /// dots: the causal context handed to readers, and the base of this replica's next dot.
    public func knownContext(nodeCount: Int) -> CausalContext {
        var context = CausalContext(nodeCount: nodeCount)
        for version in versions { context.merge(version.clock) }
        return context
    }

    /// What a read returns: one value, every sibling, or nothing.
    public var readOutput: OperationOutput {
        switch versions.count {
        case 0: return .value(nil)
        case 1: return .value(versions[0].value)
        default: return .siblings(versions.map(\.value))
        }
    }

    /// `left@n1:1[1,0,0] | right@n2:1[0,1,0]`
    public var summary: String { versions.isEmpty ? "none" : versions.map(\.description).joined(separator: " | ") }

    // MARK: Receiving a version from a peer

    public mutating func receive(_ incoming: StoredVersion, resolution: GossipConfig.Resolution) -> Judgment {
        switch resolution {
        case .siblings: return receiveKeepingSiblings(incoming)
        case .lww: return receiveLastWriterWins(incoming)
        }
    }

    /// Dotted version vectors (Almeida et al. 2014): a version is superseded exactly when a newer
    /// write's context holds its dot, so a blind write never silently replaces a concurrent one, and
    /// since contexts are exact sets of dots, no context holds a dot its client never saw.
    private mutating func receiveKeepingSiblings(_ incoming: StoredVersion) -> Judgment {
        if versions.contains(where: { $0.dot == incoming.dot }) {
            return Judgment(order: .equal, outcome: "already held", changed: false, discarded: [])
        }
        if let newer = versions.first(where: { incoming.dot.isCovered(by: $0.seen) }) {
            return Judgment(order: .before, outcome: "ignored, \(newer.dot) saw it", changed: false, discarded: [])
        }
        let superseded = versions.filter { $0.dot.isCovered(by: incoming.seen) }
        versions.removeAll { $0.dot.isCovered(by: incoming.seen) }
        let concurrent = versions.count
        insert(incoming)
        if concurrent == 0 {
            let replaced = superseded.map(\.value).joined(separator: ",")
            return Judgment(order: .after, outcome: superseded.isEmpty ? "stored" : "replaced \(replaced)", changed: true, discarded: [])
        }
        return Judgment(order: .concurrent, outcome: "kept \(versions.count) siblings", changed: true, discarded: [])
    }

    /// One version per key; concurrent versions are settled by timestamp, and the loser is gone.
    private mutating func receiveLastWriterWins(_ incoming: StoredVersion) -> Judgment {
        guard let local = versions.first else {
            versions = [incoming]
            return Judgment(order: .after, outcome: "stored", changed: true, discarded: [])
        }
        switch incoming.clock.compare(local.clock) {
        case .equal where incoming.dot == local.dot:
            return Judgment(order: .equal, outcome: "already held", changed: false, discarded: [])
        case .equal:
            // The same writes known, different ones kept: the two merges ran in different orders
            // (lww merging is not associative). Settle it by the same total order, so replicas agree.
            return resolveConcurrent(incoming, local)
        case .before:
            return Judgment(order: .before, outcome: "ignored, older", changed: false, discarded: [])
        case .after:
            versions = [incoming]
            return Judgment(order: .after, outcome: "replaced \(local.value)", changed: true, discarded: [])
        case .concurrent:
            return resolveConcurrent(incoming, local)
        }
    }

    /// A timestamp in milliseconds to the microsecond (`2112.038ms`), as people read times.
    static func millis(_ micros: Int64) -> String {
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let fraction = String(magnitude % 1_000)
        return "\(sign)\(magnitude / 1_000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)ms"
    }

    private mutating func resolveConcurrent(_ incoming: StoredVersion, _ local: StoredVersion) -> Judgment {
        var merged = local.clock
        merged.merge(incoming.clock)
        let (winner, loser) = incoming.beats(local) ? (incoming, local) : (local, incoming)
        versions = [winner.withClock(merged)]
        let outcome = "lww kept \(winner.value) (ts \(Self.millis(winner.timestampMicros))), dropped \(loser.value) (ts \(Self.millis(loser.timestampMicros)))"
        return Judgment(order: .concurrent, outcome: outcome, changed: true, discarded: [loser])
    }

    // MARK: A client's write at this replica

    /// Stores a client's write accepted by replica `node` and returns the new version. `context` is
    /// what the client read (nil for a blind write).
    public mutating func write(_ value: String, by request: ClientRequest, context: CausalContext?, at node: NodeID, timestampMicros: Int64,
                               resolution: GossipConfig.Resolution, nodeCount: Int) -> StoredVersion {
        let known = knownContext(nodeCount: nodeCount)
        let empty = CausalContext(nodeCount: nodeCount)
        let seen: CausalContext
        switch resolution {
        case .siblings:
            // Dynamo §4.4: the client's context names what it read; a write without one is blind.
            seen = context.flatMap { $0.nodeCount == nodeCount ? $0 : nil } ?? empty
        case .lww:
            // The replica overwrites what it shows; what it merely learned of and dropped stays unseen.
            seen = versions.first.map { $0.seen.inserting($0.dot) } ?? empty
        }
        // A fresh dot: above every dot of this replica known here or named by the context.
        let dot = Dot(node: node, counter: max(known.maxCounter(of: node), seen.maxCounter(of: node)) + 1)
        // The dot joins the context without claiming the dots below it (Almeida et al. 2014: the
        // dot is kept apart from the causal past), so a blind write does not claim a sibling.
        let clock = (resolution == .lww ? known : seen).inserting(dot)
        let version = StoredVersion(value: value, dot: dot, seen: seen, clock: clock, timestampMicros: timestampMicros,
                                    writer: request.client, sequence: request.sequence)
        switch resolution {
        case .siblings: versions.removeAll { $0.dot.isCovered(by: seen) }
        case .lww: versions.removeAll()
        }
        insert(version)
        return version
    }

    private mutating func insert(_ version: StoredVersion) {
        let position = versions.firstIndex { version.dot < $0.dot } ?? versions.endIndex
        versions.insert(version, at: position)
    }
}
