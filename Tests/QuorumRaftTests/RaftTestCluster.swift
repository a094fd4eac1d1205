import QuorumCore
@testable import QuorumRaft

/// A test network for Raft in the manner of etcd raft's `network`: messages are delivered
/// instantly and in order, timers fire only when a test says so, and links can be cut, nodes
/// isolated, messages dropped, and everything healed.
struct RaftTestCluster {
    var nodes: [RaftNode]
    var storages: [RaftStorage]
    private(set) var queue: [(from: NodeID, to: NodeID, message: RaftMessage)] = []
    private(set) var replies: [ClientReply] = []
    private(set) var annotations: [(NodeID, Annotation)] = []
    /// Every message delivered, in order, for assertions about traffic.
    private(set) var delivered: [(from: NodeID, to: NodeID, message: RaftMessage)] = []
    private var blocked: [[Bool]]
    private var crashed: [Bool]
    /// Drops the messages it returns true for.
    var dropRule: ((NodeID, NodeID, RaftMessage) -> Bool)?
    let config: RaftConfig
    /// The nodes' local clock; it moves only when a test advances it.
    private(set) var nowMicros: Int64 = 0

    init(size: Int, config: RaftConfig = RaftConfig(), storages: [RaftStorage]? = nil) {
        self.config = config
        self.storages = storages ?? Array(repeating: RaftStorage(), count: size)
        self.nodes = []
        blocked = Array(repeating: Array(repeating: false, count: size), count: size)
        crashed = Array(repeating: false, count: size)
        for index in 0..<size { nodes.append(makeNode(index)) }
    }

    /// A cluster whose servers start with the given logs, each given as the terms of its entries,
    /// and current terms (the situations of the paper's figures).
    init(logs: [[Int]], terms: [Int], config: RaftConfig = RaftConfig()) {
        let storages = zip(logs, terms).map { logTerms, term in
            var storage = RaftStorage()
            storage.currentTerm = term
            for (offset, entryTerm) in logTerms.enumerated() {
                storage.log.append(LogEntry(term: entryTerm, command: .payload(UInt64(entryTerm), UInt64(offset + 1))))
            }
            return storage
        }
        self.init(size: logs.count, config: config, storages: storages)
    }

    private func makeNode(_ index: Int) -> RaftNode {
        RaftNode(id: NodeID(index), clusterSize: storages.count, config: config, storage: storages[index],
                 random: RandomStream(seed: 42).derived("test", UInt64(index)))
    }

    subscript(_ number: Int) -> RaftNode { nodes[number - 1] }

    // MARK: inputs

    /// Fires a timer on node `number` (1-based, as in n1) and delivers until quiet.
    mutating func fire(_ number: Int, _ timer: RaftNode.Timer = .election, deliver: Bool = true) {
        input(number - 1, .timer(timer))
        if deliver { deliverAll() }
    }

    mutating func request(_ number: Int, _ operation: ClientOperation, client: Int = 0, sequence: UInt64 = 1, deliver: Bool = true) {
        input(number - 1, .client(ClientRequest(client: ClientID(client), sequence: sequence, operation: operation)))
        if deliver { deliverAll() }
    }

    mutating func input(_ index: Int, _ input: NodeInput<RaftMessage, RaftNode.Timer>) {
        guard !crashed[index] else { return }
        nodes[index].readLocalClock(trueTime: SimTime(micros: nowMicros))
        let effects = nodes[index].handle(input)
        for effect in effects {
            switch effect {
            case .send(let to, let message):
                if blocked[index][to.index] || dropRule?(NodeID(index), to, message) == true { continue }
                queue.append((NodeID(index), to, message))
            case .persist(let write): write.apply(to: &storages[index])
            case .reply(let reply): replies.append(reply)
            case .annotate(let annotation): annotations.append((NodeID(index), annotation))
            case .setTimer, .cancelTimer: break
            }
        }
    }

    /// Delivers queued messages in order (including those they cause) until none are left.
    mutating func deliverAll(limit: Int = 100_000) {
        var count = 0
        while !queue.isEmpty, count < limit {
            let item = queue.removeFirst()
            count += 1
            guard !crashed[item.to.index], !blocked[item.from.index][item.to.index] else { continue }
            delivered.append(item)
            input(item.to.index, .message(from: item.from, item.message))
        }
    }

    /// Delivers only the messages already queued, not those they cause.
    mutating func deliverQueued() {
        let pending = queue
        queue = []
        for item in pending where !crashed[item.to.index] && !blocked[item.from.index][item.to.index] {
            delivered.append(item)
            input(item.to.index, .message(from: item.from, item.message))
        }
    }

    mutating func clearQueue() { queue = [] }

    /// Moves the nodes' clock on (timers still fire only when a test says so).
    mutating func advance(micros: Int64) { nowMicros += micros }

    // MARK: faults

    /// Cuts the link between two nodes in both directions.
    mutating func cut(_ first: Int, _ second: Int) {
        blocked[first - 1][second - 1] = true
        blocked[second - 1][first - 1] = true
    }

    mutating func isolate(_ number: Int) {
        for other in 1...nodes.count where other != number { cut(number, other) }
    }

    mutating func heal() {
        blocked = blocked.map { $0.map { _ in false } }
        dropRule = nil
    }

    /// Loses volatile state; storage survives.
    mutating func crash(_ number: Int) { crashed[number - 1] = true }

    mutating func restart(_ number: Int) {
        crashed[number - 1] = false
        nodes[number - 1] = makeNode(number - 1)
        input(number - 1, .start)
    }

    /// Terms of a node's log entries, for comparing with the paper's figures.
    func logTerms(_ number: Int) -> [Int] { nodes[number - 1].log.entries.map(\.term) }

    var leaders: [Int] { nodes.filter { $0.role == .leader }.map { $0.id.index + 1 } }
}
