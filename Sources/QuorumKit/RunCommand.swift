import ArgumentParser
import Foundation
import QuorumCore
import QuorumRecording
import QuorumTerminal

/// `quorum run <protocol> ...`: one subcommand per registered protocol, each with its own options.
struct RunCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "run",
            abstract: "Run a protocol on a simulated cluster, live in the terminal or headless.",
            discussion: "Without --headless the live terminal UI opens; press ? in it for every key. 'quorum run <protocol> --help' lists that protocol's own options.",
            subcommands: ProtocolRegistry.all.map { $0.runCommand },
            defaultSubcommand: ProtocolRegistry.all.first?.runCommand)
    }
}

/// What every protocol's `run` takes besides `--nodes` and its own options.
struct CommonRunOptions: ParsableArguments {
    @Option(help: "Seed of the run; the same seed and inputs give the same run.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("A scenario script of timed actions.", valueName: "file"))
    var script: String?

    @Option(help: ArgumentHelp("Simulated time to run (headless: default 30s; the live UI stops there when given).", valueName: "time"))
    var duration: String?

    /// Headless runs last 30 s of simulated time unless told otherwise.
    static let defaultDuration = "30s"

    @Option(help: "Simulated clients running the default workload (default: 3 without a script, 0 with one).")
    var clients: Int?

    @Flag(help: "Run without a terminal, as fast as possible, and print a summary.")
    var headless = false

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @Flag(help: "Print every event as it happens.")
    var trace = false

    @Flag(inversion: .prefixedNo, help: "Check the client history for linearizability after a headless run.")
    var checkLinearizability = true

    @Flag(help: "Add an FNV-1a digest of the whole event stream to the summary.")
    var digest = false

    @Option(help: ArgumentHelp("Record the run (JSON Lines) to this file.", valueName: "file"))
    var record: String?
}

/// What only the live UI takes.
struct LiveUIOptions: ParsableArguments {
    @OptionGroup var look: LookOptions

    @Option(help: ArgumentHelp("Starting speed, simulated time per wall-clock time (0.001 to 100).", valueName: "factor"))
    var speed: Double?

    @Flag(help: "Start paused.")
    var paused = false

    /// The options given, by name: `--headless` draws nothing, so it refuses them rather than
    /// ignoring them in silence.
    var given: [String] {
        look.given + [("--speed", speed != nil), ("--paused", paused)].filter(\.1).map(\.0)
    }
}

/// `quorum run <protocol>` for one protocol.
struct RunProtocolCommand<Descriptor: ProtocolDescriptor>: ParsableCommand {
    typealias Node = Descriptor.Node

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Descriptor.name, abstract: Descriptor.summary)
    }

    @Option(help: "Number of nodes (default \(Descriptor.defaultNodeCount)).")
    var nodes: Int?

    @OptionGroup(title: "Run") var common: CommonRunOptions
    @OptionGroup(title: "Network") var network: NetworkOptions
    @OptionGroup(title: "Datacenters") var topology: TopologyOptions
    @OptionGroup(title: "Live UI") var live: LiveUIOptions
    @OptionGroup(title: "\(Descriptor.name) options") var options: Descriptor.RunOptions

    var nodeCount: Int { nodes ?? options.impliedNodeCount ?? Descriptor.defaultNodeCount }

    func run() throws {
        if common.headless, let option = live.given.first {
            throw InputError(source: option, message: "applies to the live UI only; --headless draws nothing (leave out one or the other)")
        }
        let plan = try makePlan()
        guard common.headless else {
            if let speed = live.speed, !(0.001...100).contains(speed) {
                throw InputError(source: "--speed", message: "\(speed) is outside 0.001...100")
            }
            let scriptText = try common.script.map { path throws(InputError) in try TextFile.read(path, kind: "script") }
            try LiveLauncher.run(plan, options: .init(theme: live.look.theme ?? "default", ascii: live.look.ascii, speed: live.speed, paused: live.paused,
                                                      stopsAtDuration: common.duration != nil),
                                 script: (common.script, scriptText), recorder: try makeRecorder(plan, scriptHorizon: LiveLauncher.horizon))
            return
        }
        var runner = HeadlessRunner(plan: plan)
        runner.recorder = try makeRecorder(plan, scriptHorizon: plan.duration)
        runner.computeDigest = common.digest
        if common.trace { runner.trace = { Console.out($0) } }
        let report = try runner.recorder.map { recorder throws in try Self.runRecorded(runner, into: recorder) } ?? runner.run()
        let reproduce = reproduceCommand()
        Console.out(common.json ? RunSummary.json(report, reproduce: reproduce) : RunSummary.text(report, reproduce: reproduce))
        if report.failed { throw ExitCode(1) }
    }

    func makePlan() throws(InputError) -> RunPlan<Node> {
        try Descriptor.validate(nodeCount: nodeCount)
        let node = try options.nodeConfig()
        try options.validate(nodeCount: nodeCount)
        let settings = try network.settings()
        let runDuration = try parseDuration("--duration", common.duration ?? CommonRunOptions.defaultDuration)
        let datacenters = try topology.datacenters(nodeCount: nodeCount, protocolCount: options.datacenterCount)
        let scenario = try common.script.map { path throws(InputError) in
            try ScriptLoader.load(path, nodeCount: nodeCount, protocol: Node.self, datacenters: datacenters)
        } ?? .empty
        let clientCount = common.clients ?? (common.script == nil ? 3 : 0)
        guard (0...100).contains(clientCount) else {
            throw InputError(source: "--clients", message: "\(clientCount) is not a client count; use 0 to 100")
        }
        let config = SimulationConfig(nodeCount: nodeCount, seed: common.seed, network: settings, workload: Node.workload(clients: clientCount),
                                      node: node, datacenters: datacenters)
        var plan = RunPlan<Node>(config: config, scenario: scenario, duration: runDuration, checkInvariants: options.checkInvariants)
        plan.linearizabilityBudgetSeconds = common.checkLinearizability ? 10 : nil
        return plan
    }

    func makeRecorder(_ plan: RunPlan<Node>, scriptHorizon: SimTime) throws(InputError) -> RecordingWriter? {
        guard let record = common.record else { return nil }
        let scriptText = try common.script.map { path throws(InputError) in try TextFile.read(path, kind: "script") }
        return try RecordingWriter(path: record, header: plan.recordingHeader(scriptName: common.script, scriptText: scriptText, scriptHorizon: scriptHorizon),
                                   protecting: common.script.map { [("--script", $0)] } ?? [])
    }

    /// A recorded headless run stops, as the live UI does, on a stop signal (the file finished with
    /// its footer, exit 128 + the signal) or when the file cannot be written (exit 1).
    private static func runRecorded(_ runner: HeadlessRunner<Node>, into recorder: RecordingWriter) throws -> RunReport {
        do {
            return try runner.runUnlessInterrupted()
        } catch {
            switch error {
            case .signal(let signal, let time):
                Console.error("quorum: stopped by \(StopSignal.name(signal)) at \(time.shortDescription); \(recorder.path) ends there")
                throw ExitCodeError(code: 128 + signal)
            case .recordingFailed(let reason, let time):
                Console.error("quorum: cannot write the recording \(recorder.path): \(reason); it stops before \(time.shortDescription)")
                throw ExitCode(1)
            }
        }
    }

    func reproduceCommand() -> String {
        var words = ["quorum", "run", Descriptor.name, "--headless", "--seed", String(common.seed), "--nodes", String(nodeCount),
                     "--duration", common.duration ?? CommonRunOptions.defaultDuration]
        if let script = common.script { words += ["--script", script] }
        if let clients = common.clients { words += ["--clients", String(clients)] }
        words += options.reproduceWords + topology.commandLineWords
        let networkWords = network.commandLine()
        if !networkWords.isEmpty { words.append(networkWords) }
        words.append("--trace")
        return words.joined(separator: " ")
    }
}

/// Reads and parses a scenario script, turning every failure into an InputError naming the file.
enum ScriptLoader {
    static func load<Node: SimulatedNode>(_ path: String, nodeCount: Int, protocol: Node.Type, datacenters: Datacenters?) throws(InputError) -> Scenario {
        let text = try TextFile.read(path, kind: "script")
        return try ScenarioParser(source: path, nodeCount: nodeCount, protocol: Node.self, datacenters: datacenters).parse(text)
    }
}
