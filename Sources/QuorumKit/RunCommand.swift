import ArgumentParser
import Foundation
import QuorumCore
import QuorumGossip
import QuorumRaft
import QuorumRecording

/// `quorum run raft|gossip ...`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a protocol on a simulated cluster, live in the terminal or headless.",
        discussion: "Without --headless the live terminal UI opens; press ? in it for every key. raft: consensus (default 5 nodes). gossip: an eventually consistent store with version vectors (default 3 replicas)."
    )

    @Argument(help: "The protocol to run: raft or gossip.")
    var protocolName: ProtocolChoice

    @Option(help: "Number of nodes (1 to 64; default 5 for raft, 3 for gossip).")
    var nodes: Int?

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

    @Flag(help: "raft: check Raft's safety properties after every event; exit 1 on a violation.")
    var checkInvariants = false

    @Flag(help: "Print every event as it happens.")
    var trace = false

    @Flag(help: "raft, unsafe: every node answers reads from its local state (watch stale reads happen).")
    var staleReads = false

    @Flag(help: "raft: pre-vote, so that a node cut off from the majority does not raise its term.")
    var preVote = false

    @Option(help: ArgumentHelp("gossip: what to do with concurrent writes, lww (last writer wins) or siblings (keep them all).", valueName: "mode"))
    var resolve: GossipConfig.Resolution?

    @Option(help: ArgumentHelp("gossip: n1's clock runs this far ahead, the last replica's on time, the others in between.", valueName: "time"))
    var clockSkew: String?

    @Option(help: ArgumentHelp("gossip: how often each replica runs anti-entropy with a random peer.", valueName: "time"))
    var antiEntropy: String?

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

    var nodeCount: Int { nodes ?? protocolName.defaultNodeCount }

    func run() throws {
        switch protocolName {
        case .raft: try execute(try makePlan(RaftNode.self, RaftConfig(staleReads: staleReads, preVote: preVote)))
        case .gossip: try execute(try makePlan(GossipNode.self, try gossipConfig()))
        }
    }

    private func execute<Node: RunnableNode>(_ plan: RunPlan<Node>) throws {
        guard headless else {
            if let speed, !(0.001...100).contains(speed) {
                throw InputError(source: "--speed", message: "\(speed) is outside 0.001...100")
            }
            let scriptText = try script.map { path throws(InputError) in try TextFile.read(path, kind: "script") }
            try LiveLauncher.run(plan, options: .init(theme: theme, ascii: ascii, speed: speed, paused: paused), script: (script, scriptText),
                                 recorder: try makeRecorder(plan, scriptHorizon: LiveLauncher.horizon))
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

    func makePlan<Node: RunnableNode>(_ protocol: Node.Type, _ node: Node.Config) throws(InputError) -> RunPlan<Node> {
        try validateOptions(for: Node.protocolName)
        let settings = try network.settings()
        let runDuration = try parseDuration("--duration", duration)
        let scenario = try script.map { path throws(InputError) in try ScriptLoader.load(path, nodeCount: nodeCount) } ?? .empty
        let clientCount = clients ?? (script == nil ? 3 : 0)
        guard (0...100).contains(clientCount) else {
            throw InputError(source: "--clients", message: "\(clientCount) is not a client count; use 0 to 100")
        }
        let config = SimulationConfig(nodeCount: nodeCount, seed: seed, network: settings, workload: Node.workload(clients: clientCount), node: node)
        var plan = RunPlan<Node>(config: config, scenario: scenario, duration: runDuration, checkInvariants: checkInvariants)
        plan.linearizabilityBudgetSeconds = checkLinearizability ? 10 : nil
        return plan
    }

    /// Options of one protocol given to another are mistakes worth saying so.
    private func validateOptions(for protocolName: String) throws(InputError) {
        try validateNodeCount(nodeCount)
        let raftOnly: [(String, Bool)] = [("--stale-reads", staleReads), ("--pre-vote", preVote), ("--check-invariants", checkInvariants)]
        let gossipOnly: [(String, Bool)] = [("--resolve", resolve != nil), ("--clock-skew", clockSkew != nil), ("--anti-entropy", antiEntropy != nil)]
        for (option, given) in protocolName == "raft" ? gossipOnly : raftOnly where given {
            throw InputError(source: option, message: "does not apply to \(protocolName) (see quorum run --help)")
        }
    }

    func gossipConfig() throws(InputError) -> GossipConfig {
        let skew = try clockSkew.map { text throws(InputError) in try parseDuration("--clock-skew", text, allowZero: true) } ?? .zero
        let interval = try antiEntropy.map { text throws(InputError) in try parseDuration("--anti-entropy", text) } ?? SimTime(micros: 500_000)
        return GossipConfig(resolution: resolve ?? .siblings, clockSkewMicros: skew.micros, antiEntropyIntervalMicros: interval.micros)
    }

    func makeRecorder<Node: RunnableNode>(_ plan: RunPlan<Node>, scriptHorizon: SimTime) throws(InputError) -> RecordingWriter? {
        guard let record else { return nil }
        let scriptText = try script.map { path throws(InputError) in try TextFile.read(path, kind: "script") }
        return try RecordingWriter(path: record, header: plan.recordingHeader(scriptName: script, scriptText: scriptText, scriptHorizon: scriptHorizon))
    }

    func reproduceCommand() -> String {
        var words = ["quorum run \(protocolName.rawValue) --headless --seed \(seed) --nodes \(nodeCount) --duration \(duration)"]
        if let script { words.append("--script \(script)") }
        if let clients { words.append("--clients \(clients)") }
        if staleReads { words.append("--stale-reads") }
        if preVote { words.append("--pre-vote") }
        if let resolve { words.append("--resolve \(resolve.rawValue)") }
        if let clockSkew { words.append("--clock-skew \(clockSkew)") }
        if let antiEntropy { words.append("--anti-entropy \(antiEntropy)") }
        let networkWords = network.commandLine()
        if !networkWords.isEmpty { words.append(networkWords) }
        words.append(protocolName == .raft ? "--check-invariants --trace" : "--trace")
        return words.joined(separator: " ")
    }
}

extension GossipConfig.Resolution: ExpressibleByArgument {}

/// Reads and parses a scenario script, turning every failure into an InputError naming the file.
enum ScriptLoader {
    static func load(_ path: String, nodeCount: Int) throws(InputError) -> Scenario {
        let text = try TextFile.read(path, kind: "script")
        return try ScenarioParser(source: path, nodeCount: nodeCount).parse(text)
    }
}
