import ArgumentParser
import Foundation
import QuorumCheckers
import QuorumCore
import QuorumRecording
import QuorumUI

/// `quorum replay FILE`: a recorded run, verified or summarised.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Verify or summarise a recorded run.",
        discussion: "Without --verify or --headless the live UI opens on the recording: , and . step, [ and ] jump 10%, { and } go to notable events, g goes to a time, f forks a live run. A recording this Quorum no longer re-simulates exactly (its protocol code changed) is drawn from the recording's own events and node states. --verify re-simulates from the seed, configuration, script and inputs and compares every event (exit 1 at the first difference)."
    )

    @Argument(help: "The recording (.jsonl).")
    var file: String

    @Flag(help: "Re-simulate and check that the event stream is identical.")
    var verify = false

    @Flag(help: "Print the run's summary instead of opening the UI.")
    var headless = false

    @Flag(help: "With --headless: one JSON object.")
    var json = false

    @OptionGroup(title: "Live UI") var look: LookOptions

    func run() throws {
        if headless || verify, let option = look.given.first {
            throw InputError(source: option, message: "applies to the live UI only; --\(verify ? "verify" : "headless") draws nothing (leave out one or the other)")
        }
        let recording = try Recording.read(file)
        for warning in recording.warnings { Console.error("quorum: warning: \(warning)") }
        guard let descriptor = ProtocolRegistry.descriptor(named: recording.header.protocolName) else {
            throw InputError(source: file, line: 1, field: "protocol",
                             message: "'\(DisplayWidth.sanitize(recording.header.protocolName))' recordings cannot be replayed by this Quorum (it knows \(ProtocolRegistry.names))")
        }
        try replay(recording, descriptor: descriptor)
    }

    private func replay<Descriptor: ProtocolDescriptor>(_ recording: Recording, descriptor: Descriptor.Type) throws {
        try replay(recording, as: Descriptor.Node.self)
    }

    private func replay<Node: RunnableNode>(_ recording: Recording, as protocol: Node.Type) throws {
        if verify {
            try verifyRecording(recording, as: Node.self)
        } else if headless {
            let report = try summary(recording, as: Node.self)
            Console.out(json ? RunSummary.json(report, reproduce: "") : RunSummary.text(report, reproduce: ""))
        } else {
            try ReplayLauncher.run(recording, as: Node.self, path: file, theme: look.theme ?? "default", ascii: look.ascii)
        }
    }

    /// The summary `run --headless` printed: while this Quorum re-simulates the recording exactly,
    /// by running it again through the same analysis (every key, the same values); otherwise from
    /// the recorded events and history alone, without the keys that need the protocol's code.
    private func summary<Node: RunnableNode>(_ recording: Recording, as protocol: Node.Type) throws -> RunReport {
        var plan = try RunPlan<Node>(recording: recording.header, path: file)
        plan.linearizabilityBudgetSeconds = 10  // as `run` checks by default
        let inputs = try ReplayScript<Node>.inputs(recording.inputs, config: plan.config, path: file)
        let (replayed, difference) = HeadlessRunner(plan: plan).replay(inputs, recorded: recording.events,
                                                                     endedAt: recording.footerTimeMicros.map { SimTime(micros: $0) },
                                                                     cutShort: recording.footerEvents == nil)
        guard let first = difference else { return replayed }
        Console.error("quorum: warning: \(file): this Quorum simulates the run differently from event \(first); the summary comes from the recorded events and history, without \(Node.protocolName)'s own analysis")
        var report = RecordingSummary.report(recording)
        HeadlessRunner<Node>.checkConsistency(try recording.clientHistory(path: file), budgetSeconds: 10, into: &report)
        return report
    }

    private func verifyRecording<Node: RunnableNode>(_ recording: Recording, as protocol: Node.Type) throws {
        let plan = try RunPlan<Node>(recording: recording.header, path: file)
        let inputs = try ReplayScript<Node>.inputs(recording.inputs, config: plan.config, path: file)
        let replayed = Replayer.events(plan: plan, inputs: inputs, limit: recording.events.count)
        if let first = Replayer.firstDifference(recording.events, replayed: replayed).map({ Int($0) }) {
            let expected = recording.events[first]
            guard first < replayed.count else {
                Console.out("\(file): differs: the recording has event \(first) (\(expected.text)) but the re-simulation ended")
                throw ExitCode(1)
            }
            Console.out("\(file): differs at event \(first)")
            Console.out("  recorded:     \(SimTime(micros: expected.timeMicros)) \(expected.text)")
            Console.out("  re-simulated: \(replayed[first].time) \(replayed[first].text)")
            throw ExitCode(1)
        }
        if recording.footerEvents != nil, replayed.count != recording.events.count {
            Console.out("\(file): differs: the re-simulation has \(replayed.count) events, the recording \(recording.events.count)")
            throw ExitCode(1)
        }
        Console.out("\(file): verified, \(recording.events.count) events identical")
    }
}

/// Re-simulates a recorded run: the same configuration and script, and every interactive input
/// applied after the same number of steps.
enum Replayer {
    static func events<Node: RunnableNode>(plan: RunPlan<Node>, inputs: [ReplayScript<Node>.Input], limit: Int) -> [(time: SimTime, text: String)] {
        Node.specialisedEvents(plan: plan, inputs: inputs, limit: limit)
    }

    static func eventsBody<Node: RunnableNode>(plan: RunPlan<Node>, inputs: [ReplayScript<Node>.Input], limit: Int) -> [(time: SimTime, text: String)] {
        let simulator = plan.makeSimulator(scriptUntil: plan.scriptHorizon ?? plan.duration)
        var events: [(SimTime, String)] = []
        simulator.observers.append { events.append(($0.time, $0.kind.description)) }
        // An input this re-simulation cannot place ends it there: the comparison says where it parts.
        guard simulator.rerun(inputs, while: { events.count <= limit }) else { return events.map { (time: $0.0, text: $0.1) } }
        while events.count < limit, simulator.step() {}
        return events.map { (time: $0.0, text: $0.1) }
    }

    /// The first recorded event this Quorum re-simulates differently, or nil if all match.
    static func firstDifference<Node: RunnableNode>(_ recording: Recording, plan: RunPlan<Node>, inputs: [ReplayScript<Node>.Input]) -> UInt64? {
        firstDifference(recording.events, replayed: events(plan: plan, inputs: inputs, limit: recording.events.count))
    }

    /// The first recorded event the re-simulated ones do not match (a missing one included).
    static func firstDifference(_ recorded: [RecordedEvent], replayed: [(time: SimTime, text: String)]) -> UInt64? {
        for (index, expected) in recorded.enumerated() {
            guard index < replayed.count, replayed[index].time.micros == expected.timeMicros, replayed[index].text == expected.text else {
                return UInt64(index)
            }
        }
        return nil
    }
}

/// A run's summary computed from its recorded events alone.
enum RecordingSummary {
    static func report(_ recording: Recording) -> RunReport {
        var stats = RunStats()
        var committed: Int?
        var ok = 0, failed = 0, unknown = 0, invoked = 0
        for event in recording.events {
            stats.events += 1
            switch event.kind {
            case "send": stats.messagesSent += 1
            case "deliver": stats.messagesDelivered += 1
            case "drop": stats.messagesDropped += 1
            case "timer": stats.timersFired += 1
            case "crash": stats.crashes += 1
            case "role" where event.detail == "leads": stats.leaderElections += 1
            case "commit": committed = max(committed ?? 0, Int(event.detail ?? "") ?? 0)
            case "invoke": invoked += 1
            case "complete":
                switch event.detail {
                case "ok": ok += 1
                case "failed": failed += 1
                default: unknown += 1
                }
            default: break
            }
        }
        var report = RunReport(protocolName: recording.header.protocolName, seed: recording.header.seed, nodeCount: recording.header.nodeCount,
                               simulatedTime: SimTime(micros: recording.events.last?.timeMicros ?? 0), stats: stats, wallSeconds: 0)
        report.committedEntries = committed  // protocols with a log record commits
        report.clientOpsOk = ok
        report.clientOpsFailed = failed
        report.clientOpsUnknown = unknown + (invoked - ok - failed - unknown)  // still pending at the end
        return report
    }
}

/// Where a recorded history stops being linearizable (checked once, before the UI opens).
private func firstViolation(_ recording: Recording, path: String) throws -> (time: SimTime, label: String)? {
    // Linearizability only: the sequential-consistency search the checker panel also runs is not needed here.
    let operations = HistoryAdapter.operations(from: try recording.clientHistory(path: path))
    let result = LinearizabilityChecker(model: .register, timeoutSeconds: 2).check(operations)
    guard let stuck = result.counterexample?.stuck.min(by: { $0.call < $1.call }) else { return nil }
    return (SimTime(micros: stuck.call), DisplayWidth.sanitize(stuck.summary))
}

/// Opens the UI on a recording. While this Quorum re-simulates the recording exactly, the replay
/// re-simulates it (every step exact, forks anywhere). Where it re-simulates it differently (the
/// protocol code changed since), the replay is drawn from the recording alone: its events and its
/// node states. Recordings of up to `eagerCheckEvents` events are checked before the UI opens;
/// longer ones switch when the re-simulation first differs.
enum ReplayLauncher {
    static let eagerCheckEvents = 200_000

    static func run<Node: RunnableNode>(_ recording: Recording, as protocol: Node.Type, path: String, theme themeName: String, ascii: Bool) throws {
        let plan = try RunPlan<Node>(recording: recording.header, path: path)
        let theme = try LiveLauncher.prepareTerminal(theme: themeName)
        let script = try replayScript(recording, plan: plan, path: path)
        // After `f`, `R` records the fork: the recording's run up to the fork, then what follows.
        let control = LiveRecorder(plan: plan, scriptName: recording.header.scriptName, scriptText: recording.header.scriptText,
                                   scriptHorizon: plan.scriptHorizon ?? plan.duration)
        let source = try firstSource(recording, script: script, plan: plan, path: path, control: control)
        try LiveLauncher.show(source, theme: theme, ascii: ascii, recorder: control)
    }

    /// The re-simulated replay, or the recorded one when the recording is known to differ.
    static func firstSource<Node: RunnableNode>(_ recording: Recording, script: ReplayScript<Node>, plan: RunPlan<Node>, path: String,
                                                control: LiveRecorder<Node>) throws -> FrameSource {
        let recorded = recording.states.isEmpty ? nil : try recordedSetup(recording, script: script, path: path)
        let fork = { (position: UInt64, state: UIState) -> FrameSource? in
            let live = LiveSession(replaying: script, layCheckpointsInBackground: false)
            live.seek(toEvent: position)
            live.update(.fork)
            live.adopt(state)
            control.install(on: live)
            return live
        }
        if let recorded, recording.events.count <= eagerCheckEvents,
           let first = Replayer.firstDifference(recording, plan: plan, inputs: script.inputs) {
            var setup = recorded
            setup.divergedAt = first
            var paused = UIState()
            paused.paused = true  // as a re-simulated replay opens
            let session = RecordedSession(setup, state: paused, at: 0)
            session.forkHandler = fork
            return session
        }
        let session = LiveSession(replaying: script)
        control.install(on: session)
        if let recorded {
            session.divergenceHandler = { [unowned session] position, state in
                var setup = recorded
                setup.divergedAt = session.divergedAt ?? position
                let replacement = RecordedSession(setup, state: state, at: position)
                replacement.forkHandler = fork
                return replacement
            }
        }
        return session
    }

    static func recordedSetup<Node: RunnableNode>(_ recording: Recording, script: ReplayScript<Node>, path: String) throws -> RecordedSession.Setup {
        RecordedSession.Setup(recording: recording, marks: script.marks, violation: script.violation,
                              history: try recording.clientHistory(path: path),
                              timerName: recording.header.config["primaryTimer"] ?? Node.primaryTimer.description,
                              divergedAt: UInt64(recording.events.count))
    }

    /// How to re-simulate a recording: its plan, inputs, notable moments and first violation.
    static func replayScript<Node: RunnableNode>(_ recording: Recording, plan: RunPlan<Node>, path: String) throws -> ReplayScript<Node> {
        let inputs = try ReplayScript<Node>.inputs(recording.inputs, config: plan.config, path: path)
        let marks = recording.events.compactMap { event -> ReplayScript<Node>.Mark? in
            let notable = ["crash", "restart", "partition", "heal", "caption"].contains(event.kind) || (event.kind == "role" && event.detail == "leads")
            return notable ? .init(event: event.index, time: SimTime(micros: event.timeMicros), label: DisplayWidth.sanitize(event.text)) : nil
        }
        let horizon = plan.scriptHorizon ?? plan.duration
        let events = recording.events  // shared, not copied
        var script = ReplayScript<Node>(
            makeSimulator: { plan.makeSimulator(scriptUntil: horizon) },
            inputs: inputs, totalEvents: UInt64(recording.events.count),
            endTime: SimTime(micros: recording.events.last?.timeMicros ?? 0), marks: marks,
            violation: try firstViolation(recording, path: path))
        script.recordedText = { index in index < events.count ? events[Int(index)].text : nil }
        return script
    }
}
