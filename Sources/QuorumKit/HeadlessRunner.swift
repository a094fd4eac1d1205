import Foundation
import QuorumCore
import QuorumRaft
import QuorumRecording
import QuorumCheckers

/// Runs a plan to completion without a terminal, as fast as it can.
public struct HeadlessRunner {
    public let plan: RunPlan
    /// Receives each event line when a trace is wanted.
    public var trace: ((String) -> Void)?
    public var computeDigest = false
    /// Receives every event, and finishes the file at the end.
    public var recorder: RecordingWriter?

    public init(plan: RunPlan) { self.plan = plan }

    public func run() -> RunReport {
        let simulator = Simulator<RaftNode>(config: plan.config)
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
        let faultEnd = plan.faults?.until ?? plan.duration
        plan.scenario.schedule(on: simulator, until: plan.livenessBound.map { faultEnd.adding(micros: $0.micros) } ?? plan.duration)
        if let faults = plan.faults { simulator.enableFaults(faults) }

        var checker = RaftInvariantChecker(nodeCount: plan.config.nodeCount)
        let checkInvariants = plan.checkInvariants
        let check = { if checkInvariants { checker.check(simulator) } }
        let started = DispatchTime.now().uptimeNanoseconds
        simulator.run(until: faultEnd, afterStep: check)
        var livenessFailure: String?
        if let bound = plan.livenessBound {
            livenessFailure = runLiveness(simulator, bound: bound, afterStep: check)
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var report = RunReport(
            protocolName: RaftNode.protocolName, seed: plan.config.seed, nodeCount: plan.config.nodeCount,
            simulatedTime: simulator.now, stats: simulator.stats,
            committedEntries: simulator.nodes.map { $0.state.commitIndex }.max() ?? 0,
            violations: checker.violations, livenessFailure: livenessFailure, wallSeconds: wall,
            eventDigest: computeDigest ? digest : nil)
        report.committedEntries = max(report.committedEntries, simulator.stats.highestCommitIndex)
        report.expectsLinearizable = !plan.config.node.staleReads
        if let budget = plan.linearizabilityBudgetSeconds {
            let operations = HistoryAdapter.operations(from: simulator.history)
            let result = LinearizabilityChecker(model: .register, timeoutSeconds: budget).check(operations)
            report.linearizability = result
            report.sequentialConsistency = SequentialConsistencyChecker(model: .register, timeoutSeconds: budget)
                .check(operations, knownLinearizable: result.verdict == .linearizable)
        }
        for entry in simulator.history {
            switch entry.outcome {
            case .ok: report.clientOpsOk += 1
            case .failed: report.clientOpsFailed += 1
            case .unknown, .pending: report.clientOpsUnknown += 1
            }
        }
        return report
    }

    /// After the faults end, the cluster must commit a new client operation within `bound`.
    private func runLiveness(_ simulator: Simulator<RaftNode>, bound: SimTime, afterStep: () -> Void) -> String? {
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
        return "liveness: no client operation committed within \(bound.shortDescription) after the faults ended at \(healedAt.shortDescription)"
    }
}
