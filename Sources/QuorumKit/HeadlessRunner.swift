import Foundation
import QuorumCore
import QuorumRecording
import QuorumCheckers

/// Runs a plan to completion without a terminal, as fast as it can.
public struct HeadlessRunner<Node: RunnableNode> {
    public let plan: RunPlan<Node>
    /// Receives each event line when a trace is wanted.
    public var trace: ((String) -> Void)?
    public var computeDigest = false
    /// Receives every event, and finishes the file at the end.
    public var recorder: RecordingWriter?

    public init(plan: RunPlan<Node>) { self.plan = plan }

    public func run() -> RunReport {
        let faultEnd = plan.faults?.until ?? plan.duration
        let simulator = plan.makeSimulator(scriptUntil: plan.livenessBound.map { faultEnd.adding(micros: $0.micros) } ?? plan.duration)
        var digest = StableHash.fnvOffset
        if computeDigest || trace != nil {
            let trace = self.trace
            let wantsDigest = computeDigest
            simulator.observers.append { event in
                let line = event.description
                if wantsDigest { digest = StableHash.fnv1a(line + "\n", into: digest) }
                trace?(line)
            }
        }
        recorder?.attach(to: simulator)
        defer { recorder?.finish() }
        if let faults = plan.faults { simulator.enableFaults(faults) }
        let monitor = Node.makeMonitor(plan)
        monitor.attach(to: simulator)
        let started = DispatchTime.now().uptimeNanoseconds
        simulator.run(until: faultEnd) { monitor.afterStep(simulator) }
        var livenessFailure: String?
        if let bound = plan.livenessBound {
            livenessFailure = runLiveness(simulator, bound: bound) { monitor.afterStep(simulator) }
        }
        // What the monitor runs after this (e.g. letting replicas settle) is analysis, not the run.
        recorder?.finish()
        var report = RunReport(
            protocolName: Node.protocolName, seed: plan.config.seed, nodeCount: plan.config.nodeCount,
            simulatedTime: simulator.now, stats: simulator.stats, livenessFailure: livenessFailure, wallSeconds: 0)
        monitor.finish(simulator, report: &report)
        report.simulatedTime = simulator.now
        report.stats = simulator.stats
        report.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        report.eventDigest = computeDigest ? digest : nil
        checkHistory(simulator.history, into: &report)
        return report
    }

    private func checkHistory(_ history: [HistoryEntry], into report: inout RunReport) {
        if let budget = plan.linearizabilityBudgetSeconds {
            let operations = HistoryAdapter.operations(from: history)
            let result = LinearizabilityChecker(model: .register, timeoutSeconds: budget).check(operations)
            report.linearizability = result
            report.sequentialConsistency = SequentialConsistencyChecker(model: .register, timeoutSeconds: budget)
                .check(operations, knownLinearizable: result.verdict == .linearizable)
        }
        for entry in history {
            switch entry.outcome {
            case .ok: report.clientOpsOk += 1
            case .failed: report.clientOpsFailed += 1
            case .unknown, .pending: report.clientOpsUnknown += 1
            }
        }
    }

    /// After the faults end, the cluster must complete a new client operation within `bound`.
    private func runLiveness(_ simulator: Simulator<Node>, bound: SimTime, afterStep: () -> Void) -> String? {
        simulator.endAllFaults()
        let healedAt = simulator.now
        let deadline = healedAt.adding(micros: bound.micros)
        var probe = simulator.history.count
        simulator.perform(.request(nil, .set(key: "liveness", value: "probe")))
        while simulator.now < deadline {
            guard let next = simulator.nextEventTime, next <= deadline else { break }
            simulator.step()
            afterStep()
            switch simulator.history[probe].outcome {
            case .ok: return nil
            case .pending: continue
            case .failed, .unknown:  // the client gave up; ask again
                probe = simulator.history.count
                simulator.perform(.request(nil, .set(key: "liveness", value: "probe")))
            }
        }
        return "liveness: no client operation completed within \(bound.shortDescription) after the faults ended at \(healedAt.shortDescription)"
    }
}
