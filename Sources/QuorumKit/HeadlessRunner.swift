import Foundation
import QuorumCore
import QuorumRecording
import QuorumCheckers
import QuorumTerminal
import QuorumUI

/// Runs a plan to completion without a terminal, as fast as it can.
public struct HeadlessRunner<Node: RunnableNode> {
    public let plan: RunPlan<Node>
    /// Receives each event line when a trace is wanted.
    public var trace: ((String) -> Void)?
    public var computeDigest = false
    /// Receives every event, and finishes the file at the end.
    public var recorder: RecordingWriter?

    public init(plan: RunPlan<Node>) { self.plan = plan }

    /// Why a run stopped before its end.
    public enum Interruption: Error, Equatable {
        /// A stop signal (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT) at this simulated time.
        case signal(Int32, at: SimTime)
        /// The recording could not be written (the reason, e.g. "No space left on device").
        case recordingFailed(String, at: SimTime)
    }

    public func run() -> RunReport {
        do {
            return try run(watchingInterruptions: false)
        } catch {
            preconditionFailure("an unwatched run cannot be interrupted")
        }
    }

    /// Runs as `run()` does, but stops as soon as a stop signal arrives (the handlers are installed
    /// here) or the recording fails to write, as the live UI does: the recording is finished with
    /// its footer at the moment it stopped, and no analysis follows.
    public func runUnlessInterrupted() throws(Interruption) -> RunReport {
        StopSignal.install()
        return try run(watchingInterruptions: true)
    }

    /// Through the node's conformance, so that the simulation loop runs specialised for the node
    /// type even when a command reached it generically (see `RunnableNode.specialisedRun`).
    private func run(watchingInterruptions: Bool) throws(Interruption) -> RunReport {
        try Node.specialisedRun(self, watchingInterruptions: watchingInterruptions)
    }

    func runBody(watchingInterruptions: Bool) throws(Interruption) -> RunReport {
        let faultEnd = plan.faults?.until ?? plan.duration
        var interruption: Interruption?
        let report = execute(scriptUntil: plan.livenessBound.map { faultEnd.adding(micros: $0.micros) } ?? plan.duration,
                             interrupted: { interruption != nil }) { simulator, afterStep in
            if let faults = plan.faults { simulator.enableFaults(faults) }
            guard watchingInterruptions else {
                simulator.run(until: faultEnd, afterStep: afterStep)
                return plan.livenessBound.flatMap { runLiveness(simulator, bound: $0, afterStep: afterStep) }
            }
            // In slices of simulated time, looking for an interruption between them: the same
            // steps in the same order as one `run(until:)` (nothing is scheduled between steps).
            var sliceEnd = SimTime.zero
            while sliceEnd < faultEnd {
                sliceEnd = SimTime(micros: min(faultEnd.micros, sliceEnd.micros + HeadlessRunner.sliceMicros))
                simulator.run(until: sliceEnd, afterStep: afterStep)
                interruption = self.interruption(simulator)
                if interruption != nil { return nil }
            }
            return plan.livenessBound.flatMap { runLiveness(simulator, bound: $0, afterStep: afterStep) }
        }
        if let interruption { throw interruption }
        return report
    }

    /// Simulated time between two looks for an interruption.
    static var sliceMicros: Int64 { 10_000 }

    /// A stop signal or a recording that cannot be written.
    private func interruption(_ simulator: Simulator<Node>) -> Interruption? {
        if let failure = recorder?.writeError { return .recordingFailed(failure, at: simulator.now) }
        let signal = StopSignal.current
        return signal != 0 ? .signal(signal, at: simulator.now) : nil
    }

    /// A recorded run again, for its summary: the same plan, its interactive inputs after the same
    /// steps, up to the recorded end; then the same analysis as `run()`. Each event is compared
    /// with the recorded one as it comes; `firstDifference` is where they part (the report is then
    /// not the recorded run's). A recording `cutShort` (no end line) stops wherever the file
    /// did, possibly inside a step: only the events it holds are compared, so the events that
    /// step makes past its last are no difference.
    func replay(_ inputs: [ReplayScript<Node>.Input], recorded: [RecordedEvent], endedAt end: SimTime?, cutShort: Bool = false)
        -> (report: RunReport, firstDifference: UInt64?) {
        Node.specialisedReplay(self, inputs: inputs, recorded: recorded, endedAt: end, cutShort: cutShort)
    }

    func replayBody(_ inputs: [ReplayScript<Node>.Input], recorded: [RecordedEvent], endedAt end: SimTime?, cutShort: Bool)
        -> (report: RunReport, firstDifference: UInt64?) {
        var difference: UInt64?
        var comparing = true  // until the recorded end; what the monitor runs after it (a settle) was never recorded
        let report = execute(scriptUntil: plan.scriptHorizon ?? plan.duration) { simulator, afterStep in
            simulator.observers.append { event in
                guard difference == nil, comparing, !(cutShort && event.index >= recorded.count) else { return }
                let index = Int(event.index)
                if index >= recorded.count || recorded[index].timeMicros != event.time.micros || recorded[index].text != event.kind.description {
                    difference = event.index
                }
            }
            let count = UInt64(recorded.count)
            let matching = { difference == nil && simulator.eventCount < count }
            if !simulator.rerun(inputs, while: matching, afterStep: afterStep), difference == nil { difference = simulator.eventCount }
            while matching(), simulator.step() { afterStep() }
            if difference == nil, simulator.eventCount < count { difference = simulator.eventCount }  // the re-simulation ended early
            // Up to when the run ended: only work that emits nothing (stale timers) is left before it.
            if difference == nil, let end, end > simulator.now { simulator.run(until: end, afterStep: afterStep) }
            comparing = false
            return nil
        }
        return (report, difference)
    }

    /// Builds the simulator and its monitor, lets `drive` run it (returning a liveness failure, if
    /// any), then analyses the run.
    /// `interrupted`: true when `drive` stopped early; the recording is finished there and the
    /// analysis skipped.
    private func execute(scriptUntil: SimTime, interrupted: () -> Bool = { false },
                         _ drive: (Simulator<Node>, () -> Void) -> String?) -> RunReport {
        let simulator = plan.makeSimulator(scriptUntil: scriptUntil)
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
        let monitor = Node.makeMonitor(plan)
        monitor.attach(to: simulator)
        let started = DispatchTime.now().uptimeNanoseconds
        let livenessFailure = drive(simulator) { monitor.afterStep(simulator) }
        let simulationSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let simulationEvents = simulator.stats.events
        // What the monitor runs after this (e.g. letting replicas settle) is analysis, not the run.
        recorder?.finish()
        var report = RunReport(
            protocolName: Node.protocolName, seed: plan.config.seed, nodeCount: plan.config.nodeCount,
            simulatedTime: simulator.now, stats: simulator.stats, livenessFailure: livenessFailure, wallSeconds: 0)
        (report.simulationSeconds, report.simulationEvents) = (simulationSeconds, simulationEvents)
        if interrupted() { return report }
        monitor.finish(simulator, report: &report)
        report.simulatedTime = simulator.now
        report.stats = simulator.stats
        report.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        report.eventDigest = computeDigest ? digest : nil
        checkHistory(simulator.history, into: &report)
        return report
    }

    private func checkHistory(_ history: [HistoryEntry], into report: inout RunReport) {
        if let budget = plan.linearizabilityBudgetSeconds { Self.checkConsistency(history, budgetSeconds: budget, into: &report) }
        for entry in history {
            switch entry.outcome {
            case .ok: report.clientOpsOk += 1
            case .failed: report.clientOpsFailed += 1
            case .unknown, .pending: report.clientOpsUnknown += 1
            }
        }
    }

    /// The report's linearizability and sequential-consistency verdicts on a client history.
    static func checkConsistency(_ history: [HistoryEntry], budgetSeconds: Double, into report: inout RunReport) {
        let operations = HistoryAdapter.operations(from: history)
        let result = LinearizabilityChecker(model: .register, timeoutSeconds: budgetSeconds).check(operations)
        report.linearizability = result
        report.sequentialConsistency = SequentialConsistencyChecker(model: .register, timeoutSeconds: budgetSeconds)
            .check(operations, knownLinearizable: result.verdict == .linearizable)
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
