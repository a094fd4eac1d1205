import QuorumCore
import Testing
@testable import QuorumRaft

/// A mutant of Raft for the storage-fault tests: the same node, but every handler's sends and
/// replies go out before its durable writes (an implementation that acknowledges, then fsyncs).
struct SendsBeforePersisting: SimulatedNode {
    typealias Message = RaftMessage
    typealias Storage = RaftStorage
    typealias StorageWrite = RaftStorageWrite
    typealias Config = RaftConfig
    typealias Timer = RaftNode.Timer

    static let protocolName = "raft-sends-first"
    static var primaryTimer: RaftNode.Timer { RaftNode.primaryTimer }
    static var readsLocalClock: Bool { RaftNode.readsLocalClock }

    var inner: RaftNode

    init(id: NodeID, clusterSize: Int, config: RaftConfig, storage: RaftStorage, random: RandomStream) {
        inner = RaftNode(id: id, clusterSize: clusterSize, config: config, storage: storage, random: random)
    }

    static func emptyStorage(config: RaftConfig, clusterSize: Int) -> RaftStorage { RaftNode.emptyStorage(config: config, clusterSize: clusterSize) }
    static func apply(_ write: RaftStorageWrite, to storage: inout RaftStorage) { RaftNode.apply(write, to: &storage) }

    var isLeader: Bool { inner.isLeader }

    mutating func readLocalClock(trueTime: SimTime) { inner.readLocalClock(trueTime: trueTime) }

    mutating func handle(_ input: NodeInput<RaftMessage, RaftNode.Timer>, into effects: inout [NodeEffect<RaftMessage, RaftNode.Timer, RaftStorageWrite>]) {
        var own: [NodeEffect<RaftMessage, RaftNode.Timer, RaftStorageWrite>] = []
        inner.handle(input, into: &own)
        let talks = own.filter { if case .send = $0 { return true } else if case .reply = $0 { return true } else { return false } }
        let rest = own.filter { if case .send = $0 { return false } else if case .reply = $0 { return false } else { return true } }
        effects.append(contentsOf: talks + rest)
    }
}

/// Storage faults: a crash that lands part-way through a handler, after some of its durable writes
/// and before some of its sends. Raft persists before it sends (Figure 2: "respond to RPCs" only
/// after updating stable storage), which is exactly what keeps it safe.
@Suite("Raft under storage faults")
struct StorageFaultTests {
    static let faults = FaultSettings(intervalMinMicros: 100_000, intervalMaxMicros: 400_000, partitions: false, freezes: false, cuts: false,
                                      crashesMidHandler: true, until: .seconds(10))

    func config(seed: UInt64) -> SimulationConfig<RaftConfig> {
        SimulationConfig(nodeCount: 3, seed: seed, workload: .standard, node: RaftConfig())
    }

    @Test("Raft persists before it sends, so crashes between its writes and its sends break no invariant (60 seeds)")
    func persistBeforeSendSurvivesMidHandlerCrashes() {
        var crashes = 0
        var violations: [String] = []
        for seed in UInt64(1)...60 {
            let simulator = Simulator<RaftNode>(config: config(seed: seed))
            simulator.observers.append { event in
                if case .annotated(_, let annotation) = event.kind, case .note(let text) = annotation.kind, text.hasPrefix("crashed mid-handler") { crashes += 1 }
            }
            var checker = RaftInvariantChecker(nodeCount: 3)
            simulator.enableFaults(Self.faults)
            simulator.run(until: .seconds(10)) { checker.check(simulator) }
            violations += checker.violations.map { "seed \(seed): \($0)" }
        }
        #expect(crashes > 100, "the fault must actually strike (\(crashes) mid-handler crashes)")
        #expect(violations.isEmpty, "\(violations.prefix(3))")
    }

    /// Seeds among 1...count whose run of the mutant breaks an invariant, and the first violation.
    func mutantViolations(seeds count: UInt64, midHandlerCrashes: Bool) -> [String] {
        var faults = Self.faults
        faults.crashesMidHandler = midHandlerCrashes
        var caught: [String] = []
        for seed in UInt64(1)...count {
            let simulator = Simulator<SendsBeforePersisting>(config: config(seed: seed))
            var checker = RaftInvariantChecker(nodeCount: 3)
            simulator.enableFaults(faults)
            simulator.run(until: .seconds(10)) {
                checker.check(nodes: simulator.nodes.filter { $0.status != .crashed }.map(\.state.inner), at: simulator.now)
            }
            if let first = checker.violations.first { caught.append("seed \(seed): \(first)") }
        }
        return caught
    }

    @Test("the same faults catch a Raft that sends before it persists; without them the mutant passes")
    func sendingBeforePersistingIsCaught() {
        let caught = mutantViolations(seeds: 30, midHandlerCrashes: true)
        #expect(caught.count >= 3, "\(caught)")
        #expect(mutantViolations(seeds: 30, midHandlerCrashes: false).isEmpty, "effects applied atomically hide the wrong order")
    }
}
