import QuorumCore

/// Decides when the recording notes a node's state, and what changed since it last did. Runs on
/// the simulation's thread (describing a node must read it where it lives), so it stays cheap:
///
/// - for the first `exactEvents` events (every lesson, every short run) after every step that
///   changed the node, so stepping a replay shows each state exactly;
/// - after that, looking every 256 events rather than every step: at most once per
///   `intervalMicros` of simulated time per node, or sooner when its status changed, with at most
///   `sparseLogTail` log entries each time (the ones a screen shows), so that a run of millions of
///   events pays a few percent.
///
/// A replay of a recording this Quorum still re-simulates exactly uses the re-simulation; these
/// states draw the recordings it does not.
final class StateCapture<Node: SimulatedNode & NodeDescribing> {
    static var exactEvents: UInt64 { StateCaptureLimit.exactEvents }
    static var intervalMicros: Int64 { StateCaptureLimit.intervalMicros }
    /// Log entries described each time; more when a change reaches further back (older entries
    /// stay as recorded before). Describing an entry costs about as much as a simulation step.
    static var logTail: Int { 8 }

    private var last: [NodeState?]
    private var lastFingerprint: [UInt64?]
    private var lastStatus: [NodeStatus?]
    private var capturedAtMicros: [Int64]
    private var waiting: [Bool]
    /// The earliest instant a waiting node's interval can have passed.
    private var nextDueMicros = Int64.max

    init(nodeCount: Int) {
        last = Array(repeating: nil, count: nodeCount)
        lastFingerprint = Array(repeating: nil, count: nodeCount)
        lastStatus = Array(repeating: nil, count: nodeCount)
        capturedAtMicros = Array(repeating: Int64.min / 2, count: nodeCount)
        waiting = Array(repeating: false, count: nodeCount)
    }

    /// Calls `note` with each node to note now, given the ones that changed in the last step.
    /// Runs after every step: it allocates nothing and copies no node.
    func forEachDue(changed: [NodeID], in simulator: Simulator<Node>, _ note: (NodeID) -> Void) {
        let now = simulator.now.micros
        let exact = simulator.eventCount < Self.exactEvents
        for node in changed where !waiting[node.index] {
            if exact || lastStatus[node.index] != simulator.status(of: node) || now - capturedAtMicros[node.index] >= Self.intervalMicros {
                note(node)
            } else {
                waiting[node.index] = true
                nextDueMicros = min(nextDueMicros, capturedAtMicros[node.index] + Self.intervalMicros)
            }
        }
        guard now >= nextDueMicros else { return }
        nextDueMicros = Int64.max
        for index in waiting.indices where waiting[index] {
            if now - capturedAtMicros[index] >= Self.intervalMicros {
                note(NodeID(index))
            } else {
                nextDueMicros = min(nextDueMicros, capturedAtMicros[index] + Self.intervalMicros)
            }
        }
    }

    /// Marks nodes as changed and not yet noted.
    func markWaiting(_ nodes: [NodeID]) {
        for node in nodes { waiting[node.index] = true }
    }

    /// Every node still waiting to be noted (the end of the recording).
    func allWaiting() -> [NodeID] { waiting.indices.filter { waiting[$0] }.map(NodeID.init) }

    /// Describes `node` and returns the line to write, or nil if nothing visible changed.
    func capture(_ node: NodeID, in simulator: Simulator<Node>) -> (previous: NodeState?, current: NodeState, logFrom: Int)? {
        let index = node.index
        waiting[index] = false
        capturedAtMicros[index] = simulator.now.micros
        lastStatus[index] = simulator.status(of: node)
        let previous = last[index]
        let fingerprint = simulator.nodes[index].state.descriptionFingerprint
        defer { lastFingerprint[index] = fingerprint }
        if let fingerprint, fingerprint == lastFingerprint[index], let previous {
            // Only what the core keeps (clocks, timer, status) can have changed: no need to describe.
            let current = simulator.nodes[index].state(description: previous.description)
            guard current != previous else { return nil }
            last[index] = current
            return (previous, current, (previous.description.log.last?.index ?? 0) + 1)
        }
        // Past the exact part a node has usually moved on by more than a few entries: describe the
        // whole sparse tail at once rather than twice.
        let exact = simulator.eventCount < Self.exactEvents
        let tail = exact ? Self.logTail : StateCaptureLimit.sparseLogTail
        var current = simulator.nodes[index].state(logTail: tail)
        let needed = Self.tailNeeded(previous: previous?.description, current: current.description)
        if exact, needed > tail { current = simulator.nodes[index].state(logTail: min(needed, 4_096)) }
        guard current != previous else { return nil }
        last[index] = current
        return (previous, current, Self.firstChangedIndex(previous: previous?.description.log ?? [], current: current.description.log))
    }

    /// How many newest entries cover every entry that may have changed: back to the first newly
    /// committed one, back to the end of what was recorded (many entries appended at once), and
    /// further back when the oldest described entry differs from what was recorded (a log whose
    /// suffix was replaced beyond the tail).
    static func tailNeeded(previous: NodeDescription?, current: NodeDescription) -> Int {
        guard let previous, let newest = current.log.last?.index else { return logTail }
        var needed = logTail
        if let oldest = current.log.first?.index, oldest > (previous.log.last?.index ?? 0) + 1 {
            needed = max(needed, newest - (previous.log.last?.index ?? 0))
        }
        if let oldCommit = previous.commitIndex, let newCommit = current.commitIndex, newCommit > oldCommit {
            needed = max(needed, newest - oldCommit)
        }
        if let oldest = current.log.first, oldest.index > 1,
           let recorded = previous.log.first(where: { $0.index == oldest.index }), recorded != oldest {
            needed = max(needed, current.log.count * 4)
        }
        return needed
    }

    /// The index of the first entry that differs; entries from it on are written. Both logs hold
    /// consecutive indices, oldest first.
    static func firstChangedIndex(previous: [NodeDescription.LogCell], current: [NodeDescription.LogCell]) -> Int {
        guard let first = current.first else { return previous.first?.index ?? 1 }
        let offset = first.index - (previous.first?.index ?? first.index)
        for (position, cell) in current.enumerated() {
            let old = position + offset
            guard old >= 0, old < previous.count, previous[old] == cell else { return cell.index }
        }
        return first.index + current.count
    }
}

/// The limits of `StateCapture`, for readers and tests.
public enum StateCaptureLimit {
    /// Every step's changes are noted for this many events.
    public static let exactEvents: UInt64 = 10_000
    /// After that, a node's state at most once per this much simulated time,
    public static let intervalMicros: Int64 = 1_000_000
    /// with at most this many of its newest log entries (older ones stay as last noted).
    public static let sparseLogTail = 24
}
