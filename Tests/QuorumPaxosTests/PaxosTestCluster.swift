import QuorumCore
@testable import QuorumPaxos

/// A test network for Paxos nodes in the manner of etcd raft's `network`: messages wait in a
/// queue until a test delivers them (all, or one by one, in any order), timers fire only when a
/// test says so, and storage survives a crash.
struct PaxosTestCluster {
    typealias Input = NodeInput<PaxosMessage, PaxosNode.Timer>

    var nodes: [PaxosNode]
    var storages: [PaxosStorage]
    var crashed: [Bool]
    let config: PaxosConfig
    /// Messages sent and not yet delivered, in sending order.
    var queue: [(from: NodeID, to: NodeID, message: PaxosMessage)] = []
    private(set) var replies: [(from: NodeID, reply: ClientReply)] = []
    private(set) var annotations: [(NodeID, Annotation)] = []
    /// Drops the messages it returns true for, when they are delivered.
    var dropRule: ((NodeID, NodeID, PaxosMessage) -> Bool)?

    init(size: Int, config: PaxosConfig = PaxosConfig()) {
        self.config = config
        storages = Array(repeating: PaxosStorage(), count: size)
        crashed = Array(repeating: false, count: size)
        nodes = NodeID.all(count: size).map {
            PaxosNode(id: $0, clusterSize: size, config: config, storage: PaxosStorage(), random: RandomStream(seed: UInt64($0.index + 1)))
        }
    }

    /// Node `number` (1-based, as in n1).
    subscript(_ number: Int) -> PaxosNode { nodes[number - 1] }

    static func request(_ operation: ClientOperation, client: Int = 0, sequence: UInt64 = 1) -> ClientRequest {
        ClientRequest(client: ClientID(client), sequence: sequence, operation: operation)
    }

    mutating func input(_ number: Int, _ input: Input) {
        let index = number - 1
        guard !crashed[index] else { return }
        var effects = nodes[index].handle(input)
        apply(&effects, from: index)
    }

    private mutating func apply(_ effects: inout [NodeEffect<PaxosMessage, PaxosNode.Timer, PaxosStorageWrite>], from index: Int) {
        let id = NodeID(index)
        for effect in effects {
            switch effect {
            case .send(let to, let message): queue.append((id, to, message))
            case .persist(let write): PaxosNode.apply(write, to: &storages[index])
            case .reply(let reply): replies.append((id, reply))
            case .annotate(let annotation): annotations.append((id, annotation))
            case .setTimer, .cancelTimer: break
            }
        }
    }

    /// Fires node `number`'s election timer (Phase 1 in Multi-Paxos, a proposer's try in single
    /// decree).
    mutating func timeout(_ number: Int) { input(number, .timer(.election)) }

    mutating func client(_ number: Int, _ request: ClientRequest) { input(number, .client(request)) }

    /// Delivers the first queued message that matches, returning it.
    @discardableResult
    mutating func deliverFirst(where matches: (NodeID, NodeID, PaxosMessage) -> Bool) -> PaxosMessage? {
        guard let index = queue.firstIndex(where: { matches($0.from, $0.to, $0.message) }) else { return nil }
        let (from, to, message) = queue.remove(at: index)
        if dropRule?(from, to, message) == true { return message }
        input(to.index + 1, .message(from: from, message))
        return message
    }

    /// Delivers queued messages (and what they cause) until none matches.
    mutating func deliverAll(where matches: (NodeID, NodeID, PaxosMessage) -> Bool = { _, _, _ in true }) {
        var rounds = 0
        while deliverFirst(where: matches) != nil {
            rounds += 1
            precondition(rounds < 100_000, "the test network does not settle")
        }
    }

    /// Drops every queued message that matches.
    mutating func drop(where matches: (NodeID, NodeID, PaxosMessage) -> Bool) {
        queue.removeAll { matches($0.from, $0.to, $0.message) }
    }

    mutating func crash(_ number: Int) {
        crashed[number - 1] = true
        queue.removeAll { $0.to.index == number - 1 }
    }

    mutating func restart(_ number: Int) {
        crashed[number - 1] = false
        nodes[number - 1] = PaxosNode(id: NodeID(number - 1), clusterSize: nodes.count, config: config, storage: storages[number - 1],
                                      random: RandomStream(seed: 99))
        input(number, .start)
    }

    /// The value a majority of acceptors accepted at one ballot in `slot`, from their storage
    /// (the current votes; enough for tests that do not overwrite a chosen slot's votes).
    func chosen(slot: Int) -> PaxosValue? {
        var counts: [SlotVote: Int] = [:]
        for storage in storages where slot <= storage.accepted.count {
            if let vote = storage.accepted[slot - 1] { counts[vote, default: 0] += 1 }
        }
        return counts.first { $0.value >= nodes.count / 2 + 1 }?.key.value
    }

    func learned(_ number: Int, slot: Int) -> PaxosValue? {
        let node = nodes[number - 1]
        return slot <= node.learned.count ? node.learned[slot - 1] : nil
    }
}

/// Matchers for the queue.
extension PaxosMessage {
    var isPrepare: Bool { if case .prepare = self { true } else { false } }
    var isPromise: Bool { if case .promise = self { true } else { false } }
    var isAccept: Bool { if case .accept = self { true } else { false } }
    var isAccepted: Bool { if case .accepted = self { true } else { false } }
    var isNack: Bool { if case .nack = self { true } else { false } }
    var isChosen: Bool { if case .chosen = self { true } else { false } }
}
