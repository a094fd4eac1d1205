import QuorumCore

/// Raft throughput in the manner of etcd raft's in-memory benchmark: N voters, the leader elected
/// before timing; E commands of 16 bytes proposed on the leader keeping W outstanding; each pass
/// visits nodes in id order, persists to in-memory storage and delivers every message instantly and
/// in order, with no loss and no timers; stop when every node has applied E commands.
public struct RaftBenchHarness {
    public struct Result: Sendable {
        public let entries: Int
        public let messages: Int
        public let passes: Int
        /// Every node's payload checksum, in node order; all equal when the nodes agree.
        public let checksums: [UInt64]

        public var nodesAgree: Bool { Set(checksums).count == 1 }
        public var messagesPerEntry: Double { Double(messages) / Double(max(entries, 1)) }
    }

    private typealias Effects = RaftNode.Effects

    private var nodes: [RaftNode]
    private var storages: [RaftStorage]
    /// Messages waiting for the next pass, per destination, in sending order.
    private var inboxes: [[(from: NodeID, message: RaftMessage)]]
    private var spareInbox: [(from: NodeID, message: RaftMessage)] = []
    private var effects: Effects = []
    private var messagesDelivered = 0

    public init(nodeCount: Int, seed: UInt64 = 1) {
        let config = RaftConfig()
        let random = RandomStream(seed: seed)
        nodes = NodeID.all(count: nodeCount).map {
            RaftNode(id: $0, clusterSize: nodeCount, config: config, storage: RaftStorage(), random: random.derived("bench", UInt64($0.index)))
        }
        storages = Array(repeating: RaftStorage(), count: nodeCount)
        inboxes = Array(repeating: [], count: nodeCount)
        effects.reserveCapacity(64)
    }

    /// Elects n1 by firing its election timer and delivering until quiet.
    public mutating func electLeader() {
        deliverInputs(to: 0) { node, effects in node.handle(.timer(.election), into: &effects) }
        while inboxes.contains(where: { !$0.isEmpty }) { pass() }
        precondition(nodes[0].role == .leader, "the benchmark's first node must win the first election")
        messagesDelivered = 0
    }

    /// Proposes `entries` commands keeping `window` outstanding; returns when all nodes applied them.
    public mutating func run(entries: Int, window: Int) -> Result {
        let baseApplied = nodes.map { $0.lastApplied }
        var proposed = 0
        var passes = 0
        var random = RandomStream(seed: 0xbe4c)
        while nodes.indices.contains(where: { nodes[$0].lastApplied - baseApplied[$0] < entries }) {
            let leaderApplied = nodes[0].lastApplied - baseApplied[0]
            while proposed < entries, proposed - leaderApplied < window {
                let command = RaftCommand.payload(random.next(), random.next())
                deliverInputs(to: 0) { node, effects in node.propose(command, into: &effects) }
                proposed += 1
            }
            pass()
            passes += 1
        }
        return Result(entries: entries, messages: messagesDelivered, passes: passes,
                      checksums: nodes.map { $0.stateMachine.payloadChecksum })
    }

    /// One pass: every node, in id order, handles the messages that were waiting for it.
    private mutating func pass() {
        for index in nodes.indices {
            guard !inboxes[index].isEmpty else { continue }
            var inbox = spareInbox
            swap(&inbox, &inboxes[index])
            for item in inbox {
                messagesDelivered += 1
                deliverInputs(to: index) { node, effects in node.step(from: item.from, item.message, &effects) }
            }
            inbox.removeAll(keepingCapacity: true)
            spareInbox = inbox
        }
    }

    private mutating func deliverInputs(to index: Int, _ body: (inout RaftNode, inout Effects) -> Void) {
        effects.removeAll(keepingCapacity: true)
        body(&nodes[index], &effects)
        for effect in effects {
            switch effect {
            case .send(let destination, let message):
                inboxes[destination.index].append((NodeID(index), message))
            case .persist(let write):
                write.apply(to: &storages[index])
            case .setTimer, .cancelTimer, .reply, .annotate:
                break  // no timers fire and no clients wait in the timed phase
            }
        }
    }
}
