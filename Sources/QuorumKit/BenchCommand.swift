import ArgumentParser
import Foundation
import QuorumCore
import QuorumRaft
import QuorumUI
import QuorumRecording

/// `quorum bench ...`: performance measurements.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance.",
        subcommands: [RaftBench.self, SimulationBench.self, RenderBench.self, CheckBench.self, ReplayBench.self]
    )
}

/// `quorum bench raft`: throughput in the manner of etcd raft's in-memory benchmark.
struct RaftBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raft",
        abstract: "Raft throughput: committed entries per second with instant in-memory delivery."
    )

    @Option(help: "Number of voters.")
    var nodes: Int = 5

    @Option(help: "Commands of 16 bytes to commit.")
    var entries: Int = 100_000

    @Option(help: "Proposals kept outstanding.")
    var window: Int = 1

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try validateNodeCount(nodes)
        guard entries > 0 else { throw InputError(source: "--entries", message: "\(entries) must be at least 1") }
        guard window > 0 else { throw InputError(source: "--window", message: "\(window) must be at least 1") }
        var harness = RaftBenchHarness(nodeCount: nodes)
        harness.electLeader()
        let started = DispatchTime.now().uptimeNanoseconds
        let result = harness.run(entries: entries, window: window)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard result.nodesAgree else {
            Console.error("quorum: bench raft: the nodes' state machines disagree")
            throw ExitCode(1)
        }
        let perSecond = Double(entries) / seconds
        if json {
            var object = JSONObject()
            object.add("nodes", nodes)
            object.add("entries", entries)
            object.add("window", window)
            object.add("seconds", (seconds * 1000).rounded() / 1000)
            object.add("entriesPerSecond", perSecond.rounded())
            object.add("messagesPerEntry", (result.messagesPerEntry * 100).rounded() / 100)
            Console.out(object.text)
        } else {
            Console.out("raft bench: \(nodes) nodes, \(entries) entries of 16 bytes, window \(window)")
            Console.out("  \(Int(perSecond)) entries/s  (\(String(format: "%.3f", seconds)) s)")
            Console.out("  \(String(format: "%.2f", result.messagesPerEntry)) messages per entry, \(result.passes) passes, all nodes agree")
        }
    }
}

/// `quorum bench sim [protocol]`: the ordinary simulation's speed (latency, event stream, vector
/// clocks), one subcommand per registered protocol (Raft when none is named).
struct SimulationBench: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "sim",
            abstract: "Simulated events per wall-clock second of a headless run with ten clients.",
            subcommands: ProtocolRegistry.all.map { $0.simulationBenchCommand },
            defaultSubcommand: ProtocolRegistry.all.first?.simulationBenchCommand)
    }
}

/// `quorum bench sim <protocol>`: the protocol's own options apply (e.g. raft's --check-invariants).
struct SimulationProtocolBench<Descriptor: ProtocolDescriptor>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Descriptor.name, abstract: "Simulated events per wall-clock second of a headless \(Descriptor.name) run.")
    }

    @Option(help: "Number of nodes (default \(Descriptor.defaultNodeCount)).")
    var nodes: Int?

    @Option(help: ArgumentHelp("Simulated time to run.", valueName: "time"))
    var duration: String = "300s"

    @OptionGroup(title: "\(Descriptor.name) options") var options: Descriptor.RunOptions

    func run() throws {
        let nodeCount = nodes ?? options.impliedNodeCount ?? Descriptor.defaultNodeCount
        try Descriptor.validate(nodeCount: nodeCount)
        let workload = Descriptor.Node.workload(clients: 10)
        let node = try options.nodeConfig()
        try options.validate(nodeCount: nodeCount)
        let datacenters = options.datacenterCount.map { Datacenters.even($0, nodeCount: nodeCount, crossLatency: 40_000...80_000) }
        let config = SimulationConfig(nodeCount: nodeCount, seed: 1, workload: workload, node: node, datacenters: datacenters)
        let plan = RunPlan<Descriptor.Node>(config: config, duration: try parseDuration("--duration", duration), checkInvariants: options.checkInvariants)
        let report = HeadlessRunner(plan: plan).run()
        // The simulation's rate; the analysis after it (settling, checkers) is timed apart, as it
        // grows with the history rather than with the events.
        Console.out("simulation bench: \(Descriptor.name), \(nodeCount) nodes: \(report.simulationEvents) events in \(String(format: "%.3f", report.simulationSeconds)) s = \(Int(report.eventsPerSecond)) events/s"
            + (options.checkInvariants ? " (invariants checked)" : "")
            + String(format: "; analysis afterwards %.3f s", report.wallSeconds - report.simulationSeconds))
    }
}

extension ProtocolDescriptor {
    static var simulationBenchCommand: any ParsableCommand.Type { SimulationProtocolBench<Self>.self }
}

/// `quorum bench render`: composing and diffing one frame of the live UI, without a terminal.
struct RenderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Time to compose and diff one live-UI frame (default 200x60, 7 nodes, 200 messages in flight)."
    )

    @Option(help: "Frame width.") var width: Int = 200
    @Option(help: "Frame height.") var height: Int = 60
    @Option(help: "Number of nodes.") var nodes: Int = 7
    @Option(help: "Messages in flight to reach before timing.") var messages: Int = 200
    @Option(help: "Frames to time.") var frames: Int = 2_000

    /// The frames the live UI draws (it needs 80x24); beyond these a frame would take gigabytes.
    static let widths = 80...1_000
    static let heights = 24...500

    func run() throws {
        try validateNodeCount(nodes)
        guard Self.widths.contains(width) else {
            throw InputError(source: "--width", message: "\(width) is not a frame width; use \(Self.widths.lowerBound) to \(Self.widths.upperBound)")
        }
        guard Self.heights.contains(height) else {
            throw InputError(source: "--height", message: "\(height) is not a frame height; use \(Self.heights.lowerBound) to \(Self.heights.upperBound)")
        }
        guard (1...1_000_000).contains(frames) else { throw InputError(source: "--frames", message: "\(frames) frames; use 1 to 1000000") }
        guard (0...100_000).contains(messages) else { throw InputError(source: "--messages", message: "\(messages) messages; use 0 to 100000") }
        let config = SimulationConfig(
            nodeCount: nodes, seed: 1, network: NetworkSettings(latencyMinMicros: 200_000, latencyMaxMicros: 400_000),
            workload: WorkloadSettings(clientCount: 60, thinkMinMicros: 1_000, thinkMaxMicros: 5_000), node: RaftConfig())
        let simulator = Simulator<RaftNode>(config: config)
        while simulator.inFlight.count < messages, simulator.now < .seconds(60) { simulator.step() }
        let inFlightAtStart = simulator.inFlight.count
        let session = LiveSession(simulator: simulator, speedIndex: SpeedScale.steps.count - 1)
        session.advance(wallMicros: 0)
        var previous = CellBuffer(width: width, height: height)
        var buffer = CellBuffer(width: width, height: height)
        var changed = 0
        let started = DispatchTime.now().uptimeNanoseconds
        for frame in 1...frames {
            session.advance(wallMicros: Int64(frame) * 20)  // 2 ms of simulated time per frame at 100x
            FrameRenderer.render(session.snapshot(logTail: LogView.tailNeeded(width: width)), into: &buffer)
            changed += buffer.forEachChange(since: previous) { _, _, _ in }
            swap(&previous, &buffer)
        }
        let perFrame = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6 / Double(frames)
        Console.out("render bench: \(width)x\(height), \(nodes) nodes, \(inFlightAtStart) messages in flight at the start")
        Console.out("  \(String(format: "%.3f", perFrame)) ms per frame (compose + diff), \(changed / frames) cells changed per frame")
    }
}

/// Wall-clock time of a piece of work.
enum BenchClock {
    static func seconds(_ work: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// `quorum bench replay`: recording overhead, opening a large recording, seeking in it, size.
struct ReplayBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "Record about 1,000,000 events; measure overhead, open time, seek time and bytes per event.")

    @Option(help: "Simulated time of the recorded run (about 1,800 events per simulated second with 10 clients).")
    var duration: String = "550s"

    func run() throws {
        let config = SimulationConfig(nodeCount: 5, seed: 1, workload: WorkloadSettings(clientCount: 10), node: RaftConfig())
        var plan = RunPlan<RaftNode>(config: config, duration: try parseDuration("--duration", duration), checkInvariants: false)
        plan.scriptHorizon = plan.duration
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quorum-bench-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Plain and recorded runs alternate, five of each, and the fastest of each are compared:
        // on a shared machine one run alone swings by tens of percent, and the fastest run is the
        // one least disturbed.
        var plainSeconds: [Double] = []
        var recordedSeconds: [Double] = []
        var plain = HeadlessRunner(plan: plan).run()
        var simulationCPU = Double.infinity
        var plainCPU = Double.infinity
        var writerCPU = Double.infinity
        for _ in 0..<5 {
            var cpuBefore = RecordingWriter.threadCPUSeconds()
            plain = HeadlessRunner(plan: plan).run()
            plainCPU = min(plainCPU, RecordingWriter.threadCPUSeconds() - cpuBefore)
            plainSeconds.append(plain.wallSeconds)
            var recorded = HeadlessRunner(plan: plan)
            let writer = try RecordingWriter(path: path, header: plan.recordingHeader(scriptName: nil, scriptText: nil, scriptHorizon: plan.duration))
            recorded.recorder = writer
            cpuBefore = RecordingWriter.threadCPUSeconds()
            recordedSeconds.append(recorded.run().wallSeconds)
            simulationCPU = min(simulationCPU, RecordingWriter.threadCPUSeconds() - cpuBefore)
            writerCPU = min(writerCPU, writer.writerCPUSeconds)
        }
        let plainBest = plainSeconds.min() ?? 0
        let recordedBest = recordedSeconds.min() ?? 0
        let overhead = (recordedBest / plainBest - 1) * 100
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let openStart = DispatchTime.now().uptimeNanoseconds
        let recording = try Recording.read(path)
        let openSeconds = Double(DispatchTime.now().uptimeNanoseconds - openStart) / 1e9
        // The replay UI's session lays its checkpoints on another thread from the moment it opens.
        // Seeks right away (while that runs) and after it has finished, each re-simulating from
        // the nearest checkpoint before its target.
        let fractions = [0.95, 0.05, 0.5, 0.25, 0.75, 0.1, 0.9, 0.33, 0.66, 0.01, 0.999, 0.5001]
        let script = try ReplayLauncher.replayScript(recording, plan: plan, path: path)
        let total = UInt64(recording.events.count)
        let early = LiveSession(replaying: script)
        var laySeconds = 0.0
        var firstSeek = 0.0
        laySeconds = BenchClock.seconds {
            firstSeek = BenchClock.seconds { early.seek(toEvent: UInt64(Double(total) * 0.95)) }
            while !early.checkpointsComplete { usleep(2_000) }
        }
        let session = early
        var worstSeek = 0.0
        for fraction in fractions {
            worstSeek = max(worstSeek, BenchClock.seconds { session.seek(toEvent: UInt64(Double(total) * fraction)) })
        }
        Console.out("replay bench: \(plain.stats.events) events")
        let spread = { (runs: [Double]) in runs.sorted().map { String(format: "%.2f", $0) }.joined(separator: " ") }
        Console.out("  recording overhead \(String(format: "%.0f", overhead))% (fastest of 5: \(String(format: "%.2f", plainBest)) s -> \(String(format: "%.2f", recordedBest)) s; plain \(spread(plainSeconds)), recorded \(spread(recordedSeconds)))")
        Console.out("  CPU (least of 5): simulation thread \(String(format: "%.2f", plainCPU)) s plain, \(String(format: "%.2f", simulationCPU)) s recording; writer thread \(String(format: "%.2f", writerCPU)) s")
        Console.out("  open and parse \(String(format: "%.2f", openSeconds)) s")
        Console.out("  checkpoints laid in the background in \(String(format: "%.2f", laySeconds)) s; a seek to 95% at once, while they were laid: \(String(format: "%.0f", firstSeek * 1000)) ms")
        Console.out("  worst of 12 seeks after that \(String(format: "%.0f", worstSeek * 1000)) ms (checkpoints every \(session.checkpointInterval) events)")
        Console.out("  \(bytes / max(1, Int(plain.stats.events))) bytes per event (\(bytes / 1_000_000) MB)")
    }
}
