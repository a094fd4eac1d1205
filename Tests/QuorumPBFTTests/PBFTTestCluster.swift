import QuorumCore
@testable import QuorumPBFT

/// A test network for PBFT replicas in the manner of etcd raft's `network`: messages are
/// delivered instantly and in order, timers fire only when a test says so, links can be cut and
/// messages dropped, and a replica's Byzantine behaviour rewrites what it sends, as the
/// simulator's behaviour layer does.
struct PBFTTestCluster {
    var nodes: [PBFTNode]
    var storages: [PBFTStorage]
    private var crashed: [Bool]
    let config: PBFTConfig
    private(set) var queue: [(from: NodeID, to: NodeID, message: PBFTMessage)] = []
    /// Replies sent to clients, with the replica that sent each.
    private(set) var replies: [(from: NodeID, reply: ClientReply)] = []
    private(set) var annotations: [(NodeID, Annotation)] = []
    private(set) var delivered: [(from: NodeID, to: NodeID, message: PBFTMessage)] = []
    /// Per replica, the timers set and not cancelled or fired.
    private(set) var timers: [Set<PBFTNode.Timer>]
    var behaviours: [NodeBehaviour]
    /// Drops the messages it returns true for.
    var dropRule: ((NodeID, NodeID, PBFTMessage) -> Bool)?
    private var random = RandomStream(seed: 7)

    init(size: Int, config: PBFTConfig = PBFTConfig()) {
        self.config = config
        storages = Array(repeating: PBFTStorage(), count: size)
        crashed = Array(repeating: false, count: size)
        nodes = NodeID.all(count: size).map {
            PBFTNode(id: $0, clusterSize: size, config: config, storage: PBFTStorage(), random: RandomStream(seed: 1))
        }
        timers = Array(repeating: [], count: size)
        behaviours = Array(repeating: .honest, count: size)
    }

    subscript(_ number: Int) -> PBFTNode { nodes[number - 1] }

    static func request(_ operation: ClientOperation, client: Int = 0, timestamp: UInt64 = 1) -> ClientRequest {
        ClientRequest(client: ClientID(client), sequence: timestamp, operation: operation)
    }

    /// A client request arrives at replica `number` (1-based, as in n1); delivers until quiet.
    mutating func request(_ number: Int, _ request: ClientRequest, deliver: Bool = true) {
        input(number - 1, .client(request))
        if deliver { deliverAll() }
    }

    /// Fires the view-change timer of replica `number`; delivers until quiet.
    mutating func fire(_ number: Int, deliver: Bool = true) {
        timers[number - 1].remove(.viewChange)
        input(number - 1, .timer(.viewChange))
        if deliver { deliverAll() }
    }

    /// Hands one message to a replica as if replica `from` sent it.
    mutating func send(from: Int, to: Int, _ message: PBFTMessage, deliver: Bool = true) {
        input(to - 1, .message(from: NodeID(from - 1), message))
        if deliver { deliverAll() }
    }

    /// Loses the process (its volatile state and timers); storage survives.
    mutating func crash(_ number: Int) {
        crashed[number - 1] = true
        timers[number - 1] = []
    }

    mutating func restart(_ number: Int) {
        crashed[number - 1] = false
        nodes[number - 1] = PBFTNode(id: NodeID(number - 1), clusterSize: nodes.count, config: config, storage: storages[number - 1],
                                     random: RandomStream(seed: 1))
        input(number - 1, .start)
    }

    mutating func input(_ index: Int, _ input: NodeInput<PBFTMessage, PBFTNode.Timer>) {
        guard !crashed[index] else { return }
        var effects = nodes[index].handle(input)
        let behaviour = behaviours[index]
        if behaviour == .silent {
            effects.removeAll { if case .send = $0 { return true } else if case .reply = $0 { return true } else { return false } }
        } else if !behaviour.isHonest {
            let faulty = behaviours.indices.filter { !behaviours[$0].isHonest }.map { NodeID($0) }
            nodes[index].misbehave(behaviour, adversary: Adversary(node: NodeID(index), faulty: faulty, clusterSize: nodes.count),
                                   effects: &effects, random: &random)
        }
        for effect in effects {
            switch effect {
            case .send(let to, let message):
                if dropRule?(NodeID(index), to, message) == true { continue }
                queue.append((NodeID(index), to, message))
            case .reply(let reply): replies.append((NodeID(index), reply))
            case .annotate(let annotation): annotations.append((NodeID(index), annotation))
            case .setTimer(let timer, _): timers[index].insert(timer)
            case .cancelTimer(let timer): timers[index].remove(timer)
            case .persist(let write): PBFTNode.apply(write, to: &storages[index])
            }
        }
    }

    mutating func deliverAll(limit: Int = 100_000) {
        var count = 0
        while !queue.isEmpty, count < limit {
            let item = queue.removeFirst()
            count += 1
            delivered.append(item)
            input(item.to.index, .message(from: item.from, item.message))
        }
    }

    /// Delivers only the messages already queued, not those they cause.
    mutating func deliverQueued() {
        let pending = queue
        queue = []
        for item in pending {
            delivered.append(item)
            input(item.to.index, .message(from: item.from, item.message))
        }
    }

    mutating func clearQueue() { queue = [] }
    mutating func clearDelivered() { delivered = [] }

    /// Results the client got for one request, by replica.
    func results(client: Int = 0, timestamp: UInt64 = 1) -> [(NodeID, OperationOutput)] {
        replies.compactMap { item in
            guard item.reply.client == ClientID(client), item.reply.sequence == timestamp,
                  case .result(let output) = item.reply.body else { return nil }
            return (item.from, output)
        }
    }

    func timerRunning(_ number: Int) -> Bool { timers[number - 1].contains(.viewChange) }

    /// No two replicas among `honest` executed different requests at one sequence number.
    func executedAgree(_ honest: [Int]) -> Bool {
        let logs = honest.map { self[$0].executedDigests }
        let longest = logs.map(\.count).max() ?? 0
        return (0..<longest).allSatisfy { index in
            Set(logs.compactMap { index < $0.count ? $0[index] : nil }).count <= 1
        }
    }
}
