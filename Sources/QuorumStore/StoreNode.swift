import QuorumCore

/// A node of a Dynamo-style store (DeCandia et al., SOSP 2007; Cassandra's documented behaviour):
/// it holds the keys the ring gives it, and any node coordinates any request: it sends a write to
/// every replica of the key and answers after the level's acks, asks as many replicas as a read's
/// level needs and answers with the newest cell, repairing the replicas that answered older ones.
public struct StoreNode: SimulatedNode {
    public typealias Message = StoreMessage
    public typealias Storage = StoreStorage
    public typealias StorageWrite = StoreStorageWrite
    public typealias Config = StoreConfig
    public typealias Client = StoreClient
    public typealias Effects = [NodeEffect<StoreMessage, Timer, StoreStorageWrite>]

    public enum Timer: Hashable, Sendable, CustomStringConvertible {
        /// Ping every peer, and replay hints to replicas believed up again.
        case heartbeat
        /// Start an anti-entropy exchange with a random peer.
        case antiEntropy
        /// A coordinated request has waited `requestTimeoutMicros`.
        case requestTimeout(UInt64)
        /// A message held back for its leg of the WARS model (`quorum pbs` only).
        case deferredSend(UInt64)
        /// A trial's read, `readDelaysMicros[probe]` after its write committed (`quorum pbs` only).
        case trialRead(key: String, probe: Int)

        public var description: String {
            switch self {
            case .heartbeat: return "heartbeat"
            case .antiEntropy: return "anti-entropy"
            case .requestTimeout(let id): return "request-timeout #\(id)"
            case .deferredSend(let id): return "send #\(id)"
            case .trialRead(let key, let probe): return "trial-read \(key) #\(probe)"
            }
        }
    }

    public static let protocolName = "store"
    public static let primaryTimer = Timer.antiEntropy
    public static var readsLocalClock: Bool { true }

    public let id: NodeID
    public let clusterSize: Int
    public let config: StoreConfig
    public let ring: Ring
    public internal(set) var store: StoreStorage
    /// Requests this node coordinates, by request id (looked up, never iterated into a result).
    public internal(set) var pending: [UInt64: PendingRequest] = [:]
    /// Per node, when it was last heard from (true time, for the failure detector) and when this
    /// node last sent it anything: a heartbeat pings only the nodes it has not sent to for a beat
    /// (any message is a sign of life), which keeps the event log readable.
    var contacts: [Contact]

    struct Contact: Sendable {
        var heardMicros: Int64
        var sentMicros: Int64
    }
    var trueTimeMicros: Int64 = 0
    /// The last timestamp this coordinator gave a write.
    var lastTimestampMicros: Int64 = .min
    var nextRequestId: UInt64
    var random: RandomStream
    /// Replicas of each key met so far (the ring never changes during a run).
    var replicaCache: [String: [NodeID]] = [:]
    /// Messages held back for their WARS leg, by number (`quorum pbs` only).
    var deferred: [UInt64: (to: NodeID, message: StoreMessage)] = [:]
    var nextDeferredId: UInt64 = 0
    /// Per trial delay, the trial reads that returned the write (`quorum pbs` only).
    public internal(set) var trialVisible: [Int] = []

    public init(id: NodeID, clusterSize: Int, config: StoreConfig, storage: StoreStorage, random: RandomStream) {
        self.id = id
        self.clusterSize = clusterSize
        self.config = config
        self.ring = Ring(nodeCount: clusterSize, vnodes: config.vnodes, datacenterOf: config.datacenterOf(clusterSize: clusterSize),
                         replicationFactors: config.replicationFactors)
        self.store = storage
        self.random = random
        contacts = Array(repeating: Contact(heardMicros: Int64.min / 2, sentMicros: Int64.min / 2), count: clusterSize)
        nextRequestId = 0
    }

    public static func emptyStorage(config: StoreConfig, clusterSize: Int) -> StoreStorage { StoreStorage() }

    public static func apply(_ write: StoreStorageWrite, to storage: inout StoreStorage) { write.apply(to: &storage) }

    public var isLeader: Bool { false }

    public mutating func readLocalClock(trueTime: SimTime) { trueTimeMicros = trueTime.micros }

    /// This node's wall clock: true time plus its configured skew. Cassandra timestamps a write
    /// with its coordinator's clock, so a fast clock wins every tie-break of last-write-wins.
    public var wallClockMicros: Int64 { trueTimeMicros + config.clockOffsetMicros(of: id.index, clusterSize: clusterSize) }

    public var datacenter: Int { ring.datacenterOf[id.index] }

    public mutating func handle(_ input: NodeInput<StoreMessage, Timer>, into effects: inout Effects) {
        let firstEffect = effects.count
        defer {
            for index in firstEffect..<effects.count {
                if case .send(let to, _) = effects[index] { contacts[to.index].sentMicros = trueTimeMicros }
            }
        }
        switch input {
        case .start:
            // A restarted coordinator must not take late answers to its former requests for answers
            // to new ones: each life numbers its requests in blocks of its own (`takeRequestId`).
            claimRequestIdBlock(into: &effects)
            // Everyone is believed up until proven silent.
            for index in contacts.indices { contacts[index].heardMicros = trueTimeMicros }
            guard config.pbs == nil else { return }  // PBS trials: no failure detection, no anti-entropy
            effects.append(.setTimer(.heartbeat, afterMicros: config.heartbeatMicros))
            if config.antiEntropyIntervalMicros > 0 { scheduleAntiEntropy(into: &effects) }
        case .timer(.heartbeat):
            heartbeat(into: &effects)
            effects.append(.setTimer(.heartbeat, afterMicros: config.heartbeatMicros))
        case .timer(.antiEntropy):
            startAntiEntropy(into: &effects)
            if config.antiEntropyIntervalMicros > 0 { scheduleAntiEntropy(into: &effects) }
        case .timer(.requestTimeout(let requestId)):
            timeOut(requestId, into: &effects)
        case .timer(.trialRead(let key, let probe)):
            startTrialRead(key: key, probe: probe, into: &effects)
        case .timer(.deferredSend(let number)):
            if let held = deferred.removeValue(forKey: number) { effects.append(.send(to: held.to, held.message)) }
        case .client(let request):
            if let pbs = config.pbs { coordinateTrial(request, pbs: pbs, into: &effects) } else { coordinate(request, into: &effects) }
        case .message(let from, let message):
            contacts[from.index].heardMicros = trueTimeMicros
            receive(message, from: from, into: &effects)
        }
    }

    /// Request ids come in durable blocks of `requestIdsPerBlock`: block b is b x 100000 + 1 up to
    /// b x 100000 + 99999, and the block count is persisted (`boots`) before a block is used. A
    /// restart claims a fresh block, so no id of a former life is ever given again, however many
    /// requests that life coordinated (late answers to it find no request).
    static let requestIdsPerBlock: UInt64 = 100_000

    mutating func claimRequestIdBlock(into effects: inout Effects) {
        store.boots += 1
        effects.append(.persist(.boot(store.boots)))
        nextRequestId = store.boots * Self.requestIdsPerBlock + 1
    }

    /// The next request id, claiming a new block when this one is used up.
    mutating func takeRequestId(into effects: inout Effects) -> UInt64 {
        if nextRequestId % Self.requestIdsPerBlock == 0 { claimRequestIdBlock(into: &effects) }
        defer { nextRequestId += 1 }
        return nextRequestId
    }

    /// The key's replicas (NetworkTopologyStrategy over the ring).
    mutating func replicas(of key: String) -> [NodeID] {
        if let pbs = config.pbs { return NodeID.all(count: pbs.replicas) }
        if let cached = replicaCache[key] { return cached }
        let replicas = ring.replicas(of: key)
        replicaCache[key] = replicas
        return replicas
    }

    /// The failure detector's verdict (Cassandra gossips heartbeats and convicts a silent node;
    /// here every node pings every other and convicts after `convictAfterMicros` of silence).
    public func believesUp(_ node: NodeID) -> Bool {
        node == id || config.pbs != nil || trueTimeMicros - contacts[node.index].heardMicros <= config.convictAfterMicros
    }

    private mutating func heartbeat(into effects: inout Effects) {
        for peer in 0..<clusterSize where peer != id.index && trueTimeMicros - contacts[peer].sentMicros >= config.heartbeatMicros {
            effects.append(.send(to: NodeID(peer), .ping))
        }
        // Dynamo §4.6: a hinted write goes to its replica once that replica is reachable again
        // (resent every beat until acknowledged; replaying a cell twice is harmless under LWW).
        for hint in store.hints where believesUp(hint.replica) {
            effects.append(.send(to: hint.replica, .hint(key: hint.key, cell: hint.cell)))
        }
    }

    private mutating func scheduleAntiEntropy(into effects: inout Effects) {
        let interval = config.antiEntropyIntervalMicros
        let jitter = interval / 5
        effects.append(.setTimer(.antiEntropy, afterMicros: interval + random.int(in: -jitter...jitter)))
    }

    /// Keeps `cell` for `key` if it wins under last-write-wins; true when it changed anything.
    @discardableResult
    mutating func merge(_ cell: Cell, key: String, into effects: inout Effects) -> Bool {
        if let current = store.cells[key], !cell.supersedes(current) { return false }
        store.cells[key] = cell
        effects.append(.persist(.cell(key: key, cell)))
        return true
    }

    mutating func addHint(_ hint: Hint, into effects: inout Effects) {
        guard !store.hints.contains(hint) else { return }
        store.hints.append(hint)
        effects.append(.persist(.addHint(hint)))
    }

    private mutating func receive(_ message: StoreMessage, from peer: NodeID, into effects: inout Effects) {
        switch message {
        case .write(let requestId, let key, let cell):
            merge(cell, key: key, into: &effects)
            send(.writeAck(id: requestId, key: key), to: peer, leg: .ack, into: &effects)
        case .read(let requestId, let key):
            send(.readReply(id: requestId, key: key, cell: store.cells[key]), to: peer, leg: .response, into: &effects)
        case .readRepair(let requestId, let key, let cell):
            merge(cell, key: key, into: &effects)
            effects.append(.send(to: peer, .readRepairAck(id: requestId, key: key)))
        case .hint(let key, let cell):
            merge(cell, key: key, into: &effects)
            effects.append(.send(to: peer, .hintAck(key: key, cell: cell)))
        case .hintAck(let key, let cell):
            let hint = Hint(replica: peer, key: key, cell: cell)
            if store.hints.contains(hint) {
                store.hints.removeAll { $0 == hint }
                effects.append(.persist(.removeHint(hint)))
            }
        case .writeAck(let requestId, _):
            acknowledged(requestId, by: peer, into: &effects)
        case .readReply(let requestId, _, let cell):
            answered(requestId, by: peer, cell: cell, into: &effects)
        case .readRepairAck(let requestId, _):
            repaired(requestId, by: peer, into: &effects)
        case .ping:
            break
        case .digest(let entries):
            answerDigest(entries, from: peer, into: &effects)
        case .sync(let cells, let wants):
            for entry in cells { merge(entry.cell, key: entry.key, into: &effects) }
            if !wants.isEmpty {
                let answer = wants.compactMap { key in store.cells[key].map { StoreMessage.KeyCell(key: key, cell: $0) } }
                if !answer.isEmpty { effects.append(.send(to: peer, .sync(cells: answer, wants: []))) }
            }
        }
    }
}
