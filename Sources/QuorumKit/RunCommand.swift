import ArgumentParser
import Foundation
import QuorumCore
import QuorumRaft
import QuorumRecording

/// `quorum run raft ...`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a protocol on a simulated cluster, live in the terminal or headless.",
        discussion: "Without --headless the live terminal UI opens; press ? in it for every key."
    )

    @Argument(help: "The protocol to run.")
    var protocolName: ProtocolChoice

    @Option(help: "Number of nodes (1 to 64).")
    var nodes: Int = 5

    @Option(help: "Seed of the run; the same seed and inputs give the same run.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("A scenario script of timed actions.", valueName: "file"))
    var script: String?

    @Option(help: ArgumentHelp("Simulated time to run.", valueName: "time"))
    var duration: String = "30s"

    @Option(help: "Simulated clients running the default workload (default: 3 without a script, 0 with one).")
    var clients: Int?

    @OptionGroup var network: NetworkOptions

    @Flag(help: "Run without a terminal, as fast as possible, and print a summary.")
    var headless = false

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @Flag(help: "Check Raft's safety properties after every event; exit 1 on a violation.")
    var checkInvariants = false

    @Flag(help: "Print every event as it happens.")
    var trace = false

    @Flag(help: "Unsafe: every node answers reads from its local state (watch stale reads happen).")
    var staleReads = false

    @Flag(help: "Raft pre-vote: a node cut off from the majority does not raise its term.")
    var preVote = false

    @Flag(inversion: .prefixedNo, help: "Check the client history for linearizability after a headless run.")
    var checkLinearizability = true

    @Flag(help: "Add an FNV-1a digest of the whole event stream to the summary.")
    var digest = false

    @Option(help: ArgumentHelp("Live UI theme: default, light, high-contrast, mono, colorblind, or a .toml file.", valueName: "name|path"))
    var theme = "default"

    @Flag(help: "Live UI: draw with ASCII characters only.")
    var ascii = false

    @Option(help: ArgumentHelp("Live UI: starting speed, simulated time per wall-clock time (0.001 to 100).", valueName: "factor"))
    var speed: Double?

    @Flag(help: "Live UI: start paused.")
    var paused = false

    @Option(help: ArgumentHelp("Record the run (JSON Lines) to this file.", valueName: "file"))
    var record: String?

    func run() throws {
        let plan = try makePlan()
        guard headless else {
            if let speed, !(0.001...100).contains(speed) {
                throw InputError(source: "--speed", message: "\(speed) is outside 0.001...100")
            }
            try LiveLauncher.run(plan, options: .init(theme: theme, ascii: ascii, speed: speed, paused: paused), recorder: try makeRecorder(plan, scriptHorizon: LiveLauncher.horizon))
            return
        }
        var runner = HeadlessRunner(plan: plan)
        runner.recorder = try makeRecorder(plan, scriptHorizon: plan.duration)
        runner.computeDigest = digest
        if trace { runner.trace = { Console.out($0) } }
        let report = runner.run()
        let reproduce = reproduceCommand()
        Console.out(json ? RunSummary.json(report, reproduce: reproduce) : RunSummary.text(report, reproduce: reproduce))
        if report.failed { throw ExitCode(1) }
    }

    func makePlan() throws(InputError) -> RunPlan {
        try validateNodeCount(nodes)
        let settings = try network.settings()
        let runDuration = try parseDuration("--duration", duration)
        let scenario = try script.map { path throws(InputError) in try ScriptLoader.load(path, nodeCount: nodes) } ?? .empty
        let clientCount = clients ?? (script == nil ? 3 : 0)
        guard (0...100).contains(clientCount) else {
            throw InputError(source: "--clients", message: "\(clientCount) is not a client count; use 0 to 100")
        }
        let config = SimulationConfig(
            nodeCount: nodes, seed: seed, network: settings,
            workload: clientCount == 0 ? .none : WorkloadSettings(clientCount: clientCount), node: RaftConfig(staleReads: staleReads, preVote: preVote))
        var plan = RunPlan(config: config, scenario: scenario, duration: runDuration, checkInvariants: checkInvariants)
        plan.linearizabilityBudgetSeconds = checkLinearizability ? 10 : nil
        return plan
    }

    func makeRecorder(_ plan: RunPlan, scriptHorizon: SimTime) throws(InputError) -> RecordingWriter? {
        guard let record else { return nil }
        let scriptText = try script.map { path throws(InputError) in try TextFile.read(path, kind: "script") }
        return try RecordingWriter(path: record, header: plan.recordingHeader(scriptName: script, scriptText: scriptText, scriptHorizon: scriptHorizon))
    }

    func reproduceCommand() -> String {
        var words = ["quorum run raft --headless --seed \(seed) --nodes \(nodes) --duration \(duration)"]
        if let script { words.append("--script \(script)") }
        if let clients { words.append("--clients \(clients)") }
        if staleReads { words.append("--stale-reads") }
        if preVote { words.append("--pre-vote") }
        let networkWords = network.commandLine()
        if !networkWords.isEmpty { words.append(networkWords) }
        words.append("--check-invariants --trace")
        return words.joined(separator: " ")
    }
}

/// Reads and parses a scenario script, turning every failure into an InputError naming the file.
enum ScriptLoader {
    static func load(_ path: String, nodeCount: Int) throws(InputError) -> Scenario {
        let text = try TextFile.read(path, kind: "script")
        return try ScenarioParser(source: path, nodeCount: nodeCount).parse(text)
    }
}
