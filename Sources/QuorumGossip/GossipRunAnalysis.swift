import QuorumCore

/// Watches a run of the store and answers the questions the store raises: did the replicas
/// converge, how long after the system went quiet, how many conflicts, how many siblings at most,
/// and how many acknowledged writes were lost (dropped by conflict resolution, not superseded by a
/// write that saw them).
public final class GossipRunAnalysis {
    /// Later of the last heal (partition healed, link repaired, node back) and the last write a
    /// replica received: from here on, nothing new diverges the replicas.
    public private(set) var quietSince = SimTime.zero
    /// When every replica last became identical; nil while they differ.
    public private(set) var identicalSince: SimTime?
    public private(set) var siblingsMax = 1
    private var conflictPairs = Set<String>()
    private var stateChanged = true

    public init() {}

    public var conflicts: Int { conflictPairs.count }

    /// Subscribes to the simulator's events; call `afterStep` after every step.
    public func attach(to simulator: Simulator<GossipNode>) {
        simulator.observers.append { [unowned self] event in self.observe(event) }
    }

    func observe(_ event: SimEvent<GossipNode>) {
        switch event.kind {
        case .healed, .linkRepaired, .restarted, .unfrozen:
            quietSince = max(quietSince, event.time)
            stateChanged = true
        case .delivered(let envelope):
            if case .request(let request) = envelope.payload, !request.operation.isRead {
                quietSince = max(quietSince, event.time)
            }
            stateChanged = true
        case .crashed:
            stateChanged = true
        case .annotated(_, let annotation):
            if case .compared(let key, .concurrent, let incoming, let local, _) = annotation.kind {
                conflictPairs.insert(key + "\u{1}" + [incoming, local].sorted().joined(separator: "\u{1}"))
            }
        default:
            break
        }
    }

    /// Updates convergence and the sibling high-water mark after a step that may have changed state.
    public func afterStep(_ simulator: Simulator<GossipNode>) {
        guard stateChanged else { return }
        stateChanged = false
        for slot in simulator.nodes {
            for versions in slot.storage.registers.values { siblingsMax = max(siblingsMax, versions.versions.count) }  // a max: order-free
        }
        if GossipRunAnalysis.replicasIdentical(simulator) {
            if identicalSince == nil { identicalSince = simulator.now }
        } else {
            identicalSince = nil
        }
    }

    /// True when every replica, up or not, holds the same versions and counts.
    public static func replicasIdentical(_ simulator: Simulator<GossipNode>) -> Bool {
        let first = simulator.nodes[0].storage
        return simulator.nodes.dropFirst().allSatisfy { $0.storage.holdsSameState(as: first) }
    }

    /// How long after the quiet point the replicas became identical (zero if they already were).
    public var convergenceTime: SimTime? {
        identicalSince.map { SimTime(micros: max(0, $0.micros - quietSince.micros)) }
    }

    /// Acknowledged writes (a client got `done`) none of whose stored versions survives anywhere or
    /// is held by the context of a surviving version: superseded means superseded by a write whose
    /// context held its dot. Contexts are exact sets of dots (`CausalContext`), so a context cannot
    /// claim a write its client never saw; `AcknowledgedWriteOracle` checks the same from the client
    /// history alone.
    public static func lostUpdates(_ simulator: Simulator<GossipNode>) -> [HistoryEntry] {
        var written: [String: [GossipStorage.JournalEntry]] = [:]  // "client#sequence", looked up only
        for slot in simulator.nodes {
            for entry in slot.storage.journal { written["\(entry.version.writer)#\(entry.version.sequence)", default: []].append(entry) }
        }
        return simulator.history.filter { entry in
            guard case .set = entry.operation, case .ok(.done) = entry.outcome else { return false }
            let versions = written["\(entry.client)#\(entry.sequence)"] ?? []
            return !versions.isEmpty && !versions.contains { survives($0, in: simulator) }
        }
    }

    private static func survives(_ write: GossipStorage.JournalEntry, in simulator: Simulator<GossipNode>) -> Bool {
        simulator.nodes.contains { slot in
            slot.storage.registers[write.key]?.versions.contains { $0.dot == write.version.dot || write.version.dot.isCovered(by: $0.seen) } ?? false
        }
    }

    /// Per register key, the values a read at the first replica returns now (after convergence,
    /// every replica's): what the oracle counts as still readable.
    public static func readableValues(_ simulator: Simulator<GossipNode>) -> [String: [String]] {
        var readable: [String: [String]] = [:]
        let storage = simulator.nodes[0].storage
        for key in storage.sortedRegisterKeys {
            switch storage.registers[key]!.readOutput {
            case .value(let value?): readable[key] = [value]
            case .siblings(let values): readable[key] = values
            default: readable[key] = []
            }
        }
        return readable
    }
}
