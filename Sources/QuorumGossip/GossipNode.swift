import QuorumCore

/// A replica of an eventually consistent key-value store (in the manner of Dynamo, DeCandia et al.
/// 2007, and Riak): it answers every client at once from local state, stamps each write with a
/// version vector, pushes writes to its peers, and runs anti-entropy with a random peer on a timer.
public struct GossipNode: SimulatedNode {
    public typealias Message = GossipMessage
    public typealias Storage = GossipStorage
    public typealias StorageWrite = GossipStorageWrite
    public typealias Config = GossipConfig
    public typealias Effects = [NodeEffect<GossipMessage, Timer, GossipStorageWrite>]

    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        /// Start an anti-entropy exchange with a random peer.
        case antiEntropy

        public var description: String { rawValue }
    }

    public static let protocolName = "gossip"
    public static let primaryTimer = Timer.antiEntropy
    public static var readsLocalClock: Bool { true }

    public let id: NodeID
    public let clusterSize: Int
    public let config: GossipConfig
    /// The store, mirrored to `Storage` through persist effects.
    public internal(set) var store: GossipStorage
    /// The last incoming version this replica judged, for the views.
    public internal(set) var lastJudgment: NodeDescription.Judgment?
    /// True time at the current input; the replica's wall clock adds its skew.
    var trueTimeMicros: Int64 = 0
    var random: RandomStream

    public init(id: NodeID, clusterSize: Int, config: GossipConfig, storage: GossipStorage, random: RandomStream) {
        self.id = id
        self.clusterSize = clusterSize
        self.config = config
        self.store = storage
        self.random = random
    }

    public static func emptyStorage(config: GossipConfig, clusterSize: Int) -> GossipStorage { GossipStorage() }

    public static func apply(_ write: GossipStorageWrite, to storage: inout GossipStorage) { write.apply(to: &storage) }

    public var isLeader: Bool { false }

    public mutating func readLocalClock(trueTime: SimTime) { trueTimeMicros = trueTime.micros }

    /// This replica's wall clock: true time plus its configured skew.
    public var wallClockMicros: Int64 { trueTimeMicros + config.clockOffsetMicros(of: id.index, clusterSize: clusterSize) }

    public mutating func handle(_ input: NodeInput<GossipMessage, Timer>, into effects: inout Effects) {
        switch input {
        case .start:
            scheduleAntiEntropy(into: &effects)
        case .timer(.antiEntropy):
            startExchange(into: &effects)
            scheduleAntiEntropy(into: &effects)
        case .client(let request):
            serve(request, into: &effects)
        case .message(let from, let message):
            receive(message, from: from, into: &effects)
        }
    }

    private mutating func scheduleAntiEntropy(into effects: inout Effects) {
        let interval = config.antiEntropyIntervalMicros
        let jitter = interval / 5
        effects.append(.setTimer(.antiEntropy, afterMicros: interval + random.int(in: -jitter...jitter)))
    }

    var peers: [NodeID] { NodeID.all(count: clusterSize).filter { $0 != id } }

    // MARK: Clients

    private mutating func serve(_ request: ClientRequest, into effects: inout Effects) {
        let output: OperationOutput
        var context: CausalContext?
        switch request.operation {
        case .get(let key):
            if let counts = store.counters[key] {
                output = .value(String(counts.reduce(0, +)))
            } else {
                let versions = store.registers[key] ?? KeyVersions()
                output = versions.readOutput
                context = config.blindWrites ? nil : versions.knownContext(nodeCount: clusterSize)
            }
        case .set(let key, let value):
            if store.counters[key] != nil {
                output = .error("\(key) is a counter")
            } else {
                write(value, key: key, by: request, into: &effects)
                output = .done
            }
        case .incr(let key):
            output = store.registers[key] != nil ? .error("\(key) is not a counter") : increment(key, into: &effects)
        case .cas:
            output = .error("cas needs consensus; this store has none")
        }
        effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: .result(output), context: context)))
    }

    @discardableResult
    private mutating func write(_ value: String, key: String, by request: ClientRequest, into effects: inout Effects) -> StoredVersion {
        var versions = store.registers[key] ?? KeyVersions()
        let context = config.blindWrites ? nil : request.context
        let version = versions.write(value, by: request, context: context, at: id, timestampMicros: wallClockMicros,
                                     resolution: config.resolution, nodeCount: clusterSize)
        store.registers[key] = versions
        store.journal.append(.init(key: key, version: version))
        effects.append(.persist(.register(key: key, versions)))
        effects.append(.persist(.journal(.init(key: key, version: version))))
        if config.pushWrites {
            for peer in peers { effects.append(.send(to: peer, .push(key: key, version: version))) }
        }
        return version
    }

    private mutating func increment(_ key: String, into effects: inout Effects) -> OperationOutput {
        var counts = store.counters[key] ?? Array(repeating: 0, count: clusterSize)
        counts[id.index] += 1  // a G-counter: each replica counts only its own increments
        store.counters[key] = counts
        effects.append(.persist(.counter(key: key, counts: counts)))
        if config.pushWrites {
            for peer in peers { effects.append(.send(to: peer, .pushCounter(key: key, counts: counts))) }
        }
        return .counter(Int64(counts.reduce(0, +)))
    }

    // MARK: Merging what peers send

    /// Judges one incoming version against ours and keeps what the resolution mode says.
    mutating func merge(_ incoming: StoredVersion, key: String, from peer: NodeID, into effects: inout Effects) {
        var versions = store.registers[key] ?? KeyVersions()
        let before = versions.summary
        let judgment = versions.receive(incoming, resolution: config.resolution)
        remember(NodeDescription.Judgment(key: key, from: peer, order: judgment.order, outcome: judgment.outcome, atMicros: trueTimeMicros))
        effects.append(.annotate(.compared(key, judgment.order, incoming: "\(incoming.value)@\(incoming.dot)\(incoming.clock)",
                                           local: before, outcome: judgment.outcome)))
        guard judgment.changed else { return }
        store.registers[key] = versions
        effects.append(.persist(.register(key: key, versions)))
    }

    /// Keeps the judgment for the views, except that a routine "equal" (a repair resending what we
    /// hold) does not hide a more telling one from the last second.
    private mutating func remember(_ judgment: NodeDescription.Judgment) {
        if judgment.order == .equal, let last = lastJudgment, last.order != .equal, judgment.atMicros - last.atMicros < 1_000_000 { return }
        lastJudgment = judgment
    }

    /// Element-wise maximum: increments merge, they never conflict.
    mutating func mergeCounter(_ key: String, _ counts: [UInt64], into effects: inout Effects) {
        guard counts.count == clusterSize else { return }
        let local = store.counters[key] ?? Array(repeating: 0, count: clusterSize)
        let merged = zip(local, counts).map { max($0, $1) }
        guard merged != local || store.counters[key] == nil else { return }
        store.counters[key] = merged
        effects.append(.persist(.counter(key: key, counts: merged)))
    }
}
