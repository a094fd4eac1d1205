import QuorumCheckers
import QuorumCore
import QuorumStore

/// Watches a run of the store; at the end lets it settle (workload stopped, faults healed) and
/// reports the levels used, stale reads, lost writes, reads of writes reported as failed,
/// unavailable and timed-out requests, and whether the replicas converged.
public final class StoreRunMonitor: RunMonitor {
    /// How long the replicas get to converge once the run is over.
    static let settleBound = SimTime.seconds(30)
    /// How often settling looks at the replicas (comparing them after every event would cost more
    /// than the run).
    static let settleCheckMicros: Int64 = 50_000
    /// The longest history whose session guarantees are checked.
    static let sessionCheckLimit = 20_000

    /// Whether the run injects random faults (a sweep).
    private let randomFaults: Bool

    init(randomFaults: Bool) { self.randomFaults = randomFaults }

    public func attach(to simulator: Simulator<StoreNode>) {}

    public func afterStep(_ simulator: Simulator<StoreNode>) {}

    public func finish(_ simulator: Simulator<StoreNode>, report: inout RunReport) {
        let config = simulator.config.node
        let settledAfter = settle(simulator)
        let converged = settledAfter != nil
        let surviving = StoreRunAnalysis.surviving(simulator)
        // The history once settled (requests in flight at the end complete while the replicas
        // settle): the one the linearizability verdict judges, so the counts agree with it.
        let history = simulator.history
        // A client whose attempt went unanswered retries at another node: the same write can then
        // be stamped by two coordinators, the one that held it (frozen, slow) later than writes
        // that followed its acknowledgement. A freeze alone does it, with no crash or lost message.
        // Judged on the whole history, settling included (requests in flight may retry there). A
        // retried read is harmless: whichever attempt answers, it read within the read's interval.
        let retried = history.contains { $0.attempts.count > 1 && !$0.operation.isRead }
        let failures = randomFaults || simulator.stats.crashes > 0 || simulator.stats.messagesDropped > 0 || retried
        // R + W > N and R + R > N, one clock and no failures: the store promises linearizable
        // registers (Dynamo §4.5; blocking read repair makes a read's answer stick only where a
        // later read looks, see `StoreConfig.readsOverlap`). With failures it does not: a request held up at a frozen or partitioned
        // coordinator can be stamped after a later write its client never saw (the sweep finds
        // one: `quorum sweep store --seeds 30 --levels QUORUM/QUORUM --trace`), and other settings promise only eventual
        // consistency. There the verdict is information.
        // Levels changed during the run (`workload` lines, the `L` key) must overlap too.
        let levelSets = [config] + simulator.workloadChanges.map(config.applying)
        let levelsOverlap = levelSets.allSatisfy(\.promisesLinearizability)
        // The (read, write) pairs the workload ran with, in the order they came into force.
        var pairsUsed: [String] = []
        for set in levelSets where !pairsUsed.contains("\(set.readLevel)/\(set.writeLevel)") { pairsUsed.append("\(set.readLevel)/\(set.writeLevel)") }
        report.expectsLinearizable = levelsOverlap && config.clockSkewMicros == 0 && !failures
        report.protocolFields = [
            .init("levels", json: "{\"read\":\"\(config.readLevel)\",\"write\":\"\(config.writeLevel)\"}",
                  text: "read \(config.readLevel), write \(config.writeLevel)" + (config.quorumsOverlap ? " (R + W > N)" : "")),
            .init("levelsUsed", json: "[" + pairsUsed.map { pair in
                    let parts = pair.split(separator: "/")
                    return "{\"read\":\"\(parts[0])\",\"write\":\"\(parts[1])\"}"
                  }.joined(separator: ",") + "]",
                  text: pairsUsed.joined(separator: ", ") + " (read/write, in the order the workload used them)"),
            .init("replication", json: "\"\(config.topologyText)\"", text: config.topologyText + (config.sloppy ? ", sloppy quorum" : "")),
            .init("staleReads", int: StoreRunAnalysis.staleReads(history).count),
            .init("lostWrites", int: StoreRunAnalysis.lostWrites(history, surviving: surviving).count),
            .init("readsOfTimeouts", int: StoreRunAnalysis.readsOfUnacknowledgedWrites(history).count),
            .init("unavailable", int: StoreRunAnalysis.unavailable(history)),
            .init("timeouts", int: StoreRunAnalysis.timeouts(history)),
            .init("converged", bool: converged),
            .init("convergenceMillis", json: settledAfter.map { String($0 / 1_000) } ?? "null",
                  text: settledAfter.map { "\($0 / 1_000) ms after the run ended" } ?? "never", aggregate: .largest),
        ]
        // Without anti-entropy nothing promises convergence: a write that reached too few
        // replicas, whose coordinator died before it kept hints, stays where it is (Cassandra
        // needs `nodetool repair` for that).
        // Session guarantees (Terry et al. 1994) per client: what weaker levels still keep.
        // The check grows faster than the history: past `sessionCheckLimit` operations (a long
        // benchmark run) it is left out and reported as "cannot tell".
        let sessions = history.count <= Self.sessionCheckLimit
            ? SessionGuarantees.check(HistoryAdapter.operations(from: history), linearizable: false) : nil
        report.protocolFields += SessionGuaranteeNames.pairs(sessions).map { key, holds in
            RunReport.Field(key, json: holds.map { $0 ? "true" : "false" } ?? "null", text: holds.map { $0 ? "yes" : "NO" } ?? "cannot tell", aggregate: .held)
        }
        if !converged, config.antiEntropyIntervalMicros > 0 {
            report.violations.append("convergence: replicas still differ \(Self.settleBound.shortDescription) after the run ended and faults healed")
        }
    }

    /// Stops new client work and heals everything, then runs until every replica holds the newest
    /// cell of each of its keys and no hint is left; the time that took, or nil past the bound.
    private func settle(_ simulator: Simulator<StoreNode>) -> Int64? {
        simulator.stopWorkload()
        simulator.endAllFaults()
        simulator.endBehaviours()
        let start = simulator.now
        let deadline = start.adding(micros: Self.settleBound.micros)
        var nextCheck = start
        while true {
            if simulator.now >= nextCheck {
                if StoreRunAnalysis.converged(simulator), !simulator.clientStates.contains(where: { $0.busyWith != nil }) {
                    return simulator.now.micros - start.micros
                }
                nextCheck = simulator.now.adding(micros: Self.settleCheckMicros)
            }
            guard let next = simulator.nextEventTime, next <= deadline else { return nil }
            simulator.step()
        }
    }
}

extension StoreNode: RunnableNode {
    public static func makeMonitor(_ plan: RunPlan<StoreNode>) -> StoreRunMonitor { StoreRunMonitor(randomFaults: plan.faults != nil) }

    public static func workload(clients: Int) -> WorkloadSettings {
        var workload = WorkloadSettings(clientCount: clients, includesCas: false)
        workload.includesIncr = false  // no counters (Cassandra's are a table type of their own)
        return workload
    }

    public static func recordingValues(_ config: StoreConfig) -> [String: String] {
        ["vnodes": String(config.vnodes), "topology": config.topologyText, "readLevel": config.readLevel.rawValue,
         "writeLevel": config.writeLevel.rawValue, "requestTimeoutMicros": String(config.requestTimeoutMicros),
         "clockSkewMicros": String(config.clockSkewMicros), "sloppy": String(config.sloppy),
         "antiEntropyIntervalMicros": String(config.antiEntropyIntervalMicros)]
    }

    public static func config(fromRecording values: RecordingValues) throws(InputError) -> StoreConfig {
        let factors: [Int]
        switch StoreConfig.parseTopology(try values.text("topology")) {
        case .success(let parsed): factors = parsed
        case .failure(let failure): throw values.invalid("topology", failure.message)
        }
        func level(_ key: String) throws(InputError) -> ConsistencyLevel {
            guard let level = ConsistencyLevel(rawValue: try values.text(key)) else { throw values.invalid(key, "not a consistency level") }
            return level
        }
        return StoreConfig(vnodes: Int(try values.int("vnodes", in: 1...64)), replicationFactors: factors, readLevel: try level("readLevel"),
                           writeLevel: try level("writeLevel"), requestTimeoutMicros: try values.micros("requestTimeoutMicros"),
                           clockSkewMicros: try values.micros("clockSkewMicros", allowZero: true), sloppy: try values.flag("sloppy"),
                           antiEntropyIntervalMicros: try values.micros("antiEntropyIntervalMicros", allowZero: true))
    }
}
