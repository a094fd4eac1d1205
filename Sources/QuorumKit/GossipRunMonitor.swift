import QuorumCore
import QuorumGossip
import QuorumCheckers

/// Watches a run of the store; at the end lets it settle (workload stopped, faults healed, loss
/// kept) and reports convergence, conflicts, siblings, lost updates and session guarantees.
public final class GossipRunMonitor: RunMonitor {
    /// How long the replicas get to converge once the run is over.
    static let settleBound = SimTime.seconds(30)
    private let analysis = GossipRunAnalysis()

    public func attach(to simulator: Simulator<GossipNode>) { analysis.attach(to: simulator) }

    public func afterStep(_ simulator: Simulator<GossipNode>) { analysis.afterStep(simulator) }

    public func finish(_ simulator: Simulator<GossipNode>, report: inout RunReport) {
        settle(simulator)
        let converged = analysis.identicalSince != nil
        let lost = GossipRunAnalysis.lostUpdates(simulator)
        let oracle = AcknowledgedWriteOracle(blindWrites: simulator.config.node.blindWrites)
        let unaccounted = oracle.unaccountedWrites(in: simulator.history, readable: GossipRunAnalysis.readableValues(simulator))
        report.expectsLinearizable = false
        report.protocolFields = [
            .init("converged", bool: converged),
            .init("convergenceMillis", json: analysis.convergenceTime.map { String($0.micros / 1_000) } ?? "null",
                  text: analysis.convergenceTime.map { "\($0.micros / 1_000) ms after the last heal or write" } ?? "never", aggregate: .largest),
            .init("conflicts", int: analysis.conflicts),
            .init("siblingsMax", int: analysis.siblingsMax, aggregate: .largest),
            .init("lostUpdates", int: lost.count),
            .init("unaccountedWrites", int: unaccounted.count),
        ]
        report.protocolFields += sessionFields(simulator.history)
        // Keeping siblings promises that no acknowledged write vanishes unseen (checked from the client
        // history alone); last-writer-wins drops writes by design.
        if converged, simulator.config.node.resolution == .siblings, let first = unaccounted.first {
            report.violations.append("lost write: \(unaccounted.count) acknowledged write(s) neither readable nor seen by any later write, first \(first)")
        }
        if !converged {
            report.violations.append("convergence: replicas still differ \(GossipRunMonitor.settleBound.shortDescription) after the run ended and faults healed")
        }
    }

    /// Stops new client work and heals everything but message loss, then runs until the replicas
    /// are identical (or the bound passes).
    private func settle(_ simulator: Simulator<GossipNode>) {
        simulator.stopWorkload()
        simulator.endAllFaults(keepingLoss: true)
        simulator.endBehaviours()  // convergence needs every replica to talk
        let deadline = simulator.now.adding(micros: GossipRunMonitor.settleBound.micros)
        analysis.afterStep(simulator)
        while analysis.identicalSince == nil || simulator.clientStates.contains(where: { $0.busyWith != nil }) {
            guard let next = simulator.nextEventTime, next <= deadline else { break }
            simulator.step()
            analysis.afterStep(simulator)
        }
    }

    /// Session guarantees over the registers (counter keys and sibling reads name no single write).
    private func sessionFields(_ history: [HistoryEntry]) -> [RunReport.Field] {
        let counterKeys = Set(history.filter { if case .incr = $0.operation { return true } else { return false } }.map(\.operation.key))
        let registers = history.filter { entry in
            if counterKeys.contains(entry.operation.key) { return false }
            if case .ok(.siblings) = entry.outcome { return false }
            return true
        }
        let sessions = SessionGuarantees.check(HistoryAdapter.operations(from: registers), linearizable: false)
        return SessionGuaranteeNames.pairs(sessions).map { key, holds in
            RunReport.Field(key, json: holds.map { $0 ? "true" : "false" } ?? "null", text: holds.map { $0 ? "yes" : "NO" } ?? "cannot tell", aggregate: .held)
        }
    }
}

extension GossipNode: RunnableNode {
    public static func makeMonitor(_ plan: RunPlan<GossipNode>) -> GossipRunMonitor { GossipRunMonitor() }

    public static func workload(clients: Int) -> WorkloadSettings {
        // Script and keyboard clients read before they write too, so even with no workload.
        WorkloadSettings(clientCount: clients, includesCas: false, readsBeforeWrites: true)
    }

    public static func recordingValues(_ config: GossipConfig) -> [String: String] {
        ["resolve": config.resolution.rawValue, "clockSkewMicros": String(config.clockSkewMicros),
         "antiEntropyIntervalMicros": String(config.antiEntropyIntervalMicros), "pushWrites": String(config.pushWrites),
         "blindWrites": String(config.blindWrites)]
    }

    public static func config(fromRecording values: RecordingValues) throws(InputError) -> GossipConfig {
        guard let resolution = GossipConfig.Resolution(rawValue: try values.text("resolve")) else {
            throw values.invalid("resolve", "expected lww or siblings")
        }
        // As --anti-entropy and --clock-skew.
        let interval = try values.micros("antiEntropyIntervalMicros")
        return GossipConfig(resolution: resolution, clockSkewMicros: try values.micros("clockSkewMicros", allowZero: true),
                            antiEntropyIntervalMicros: interval, pushWrites: try values.flag("pushWrites"),
                            blindWrites: values.header.config["blindWrites"] == nil ? false : try values.flag("blindWrites"))  // absent from recordings made before the option
    }
}
