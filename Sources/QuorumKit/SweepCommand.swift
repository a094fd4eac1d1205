import ArgumentParser
import Foundation
import QuorumCore
import QuorumGossip
import QuorumRaft
import Synchronization

/// `quorum sweep raft --seeds 1..1000`: many seeds with random faults (a safety phase with
/// invariants checked after every event), then a liveness phase in which faults end and the cluster
/// must commit again within a bound. In the manner of TigerBeetle's VOPR. For gossip, the end of
/// each seed also checks that the replicas converge.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run many seeds with random faults and check safety and liveness.",
        discussion: """
            Faults in the safety phase: partitions, one-way link cuts, crashes and restarts, freezes, \
            message loss, duplication and reordering. Exit 1 if any seed fails.
            """
    )

    @Argument(help: "The protocol to sweep.")
    var protocolName: ProtocolChoice

    @Option(help: ArgumentHelp("Seeds to run.", valueName: "first..last"))
    var seeds: String = "1..100"

    @Option(help: "Number of nodes (default 5 for raft, 3 for gossip).")
    var nodes: Int?

    @Option(help: ArgumentHelp("Length of the safety phase (random faults).", valueName: "time"))
    var safety: String = "20s"

    @Option(help: ArgumentHelp("How long after the faults end a new entry must commit.", valueName: "time"))
    var liveness: String = "10s"

    @OptionGroup var network: NetworkOptions

    @Flag(help: "No partitions or link cuts.")
    var noPartitions = false

    @Flag(help: "No crashes.")
    var noCrashes = false

    @Flag(help: "No freezes.")
    var noFreezes = false

    @Flag(help: "raft: pre-vote.")
    var preVote = false

    @Option(help: ArgumentHelp("gossip: lww or siblings.", valueName: "mode"))
    var resolve: GossipConfig.Resolution?

    @Flag(help: "Print each seed's event-stream digest (for determinism checks).")
    var digests = false

    @Flag(help: "Print every event of every seed (use with one seed).")
    var trace = false

    static let defaultFaults = (loss: "0.05", duplicate: "0.02", reorder: "0.05")

    var nodeCount: Int { nodes ?? protocolName.defaultNodeCount }

    func run() throws {
        switch protocolName {
        case .raft:
            if resolve != nil { throw InputError(source: "--resolve", message: "does not apply to raft (see quorum sweep --help)") }
            try sweep(try makePlans(RaftNode.self, RaftConfig(preVote: preVote)))
        case .gossip:
            if preVote { throw InputError(source: "--pre-vote", message: "does not apply to gossip (see quorum sweep --help)") }
            try sweep(try makePlans(GossipNode.self, GossipConfig(resolution: resolve ?? .siblings)))
        }
    }

    private func sweep<Node: RunnableNode>(_ plans: [RunPlan<Node>]) throws {
        let reports = runAll(plans)
        let failures = reports.filter(\.failed)
        for report in reports where digests {
            Console.out("seed \(report.seed) events \(report.stats.events) digest \(StableHash.hex(report.eventDigest ?? 0))")
        }
        for report in failures {
            Console.out("FAIL seed \(report.seed): " + (report.violations.first ?? report.livenessFailure ?? report.linearizabilityFailure ?? "failure"))
            Console.out("  reproduce: \(reproduceCommand(seed: report.seed))")
        }
        let events = reports.reduce(UInt64(0)) { $0 + $1.stats.events }
        Console.out("\(reports.count) seeds, \(failures.count) failed, \(events) events checked")
        if !failures.isEmpty { throw ExitCode(1) }
    }

    func makePlans<Node: RunnableNode>(_ protocol: Node.Type, _ node: Node.Config) throws(InputError) -> [RunPlan<Node>] {
        try validateNodeCount(nodeCount)
        let range = try SeedRange(parsing: seeds)
        let settings = try network.settings(defaultLoss: Self.defaultFaults.loss, defaultDuplicate: Self.defaultFaults.duplicate,
                                            defaultReorder: Self.defaultFaults.reorder)
        let safetyEnd = try parseDuration("--safety", safety)
        let livenessBound = try parseDuration("--liveness", liveness)
        let faults = FaultSettings(partitions: !noPartitions, crashes: !noCrashes, freezes: !noFreezes, cuts: !noPartitions, until: safetyEnd)
        return range.seeds.map { seed in
            let config = SimulationConfig(nodeCount: nodeCount, seed: seed, network: settings, workload: Node.workload(clients: 3), node: node)
            var plan = RunPlan<Node>(config: config, duration: safetyEnd, checkInvariants: true, faults: faults, livenessBound: livenessBound)
            plan.linearizabilityBudgetSeconds = 5
            return plan
        }
    }

    /// Runs seeds on every core; results come back in seed order.
    private func runAll<Node: RunnableNode>(_ plans: [RunPlan<Node>]) -> [RunReport] {
        let results = Mutex<[RunReport?]>(Array(repeating: nil, count: plans.count))
        let done = Atomic<Int>(0)
        let showProgress = Console.stderrIsTerminal && !trace
        let wantsDigest = digests
        let wantsTrace = trace
        DispatchQueue.concurrentPerform(iterations: plans.count) { index in
            var runner = HeadlessRunner(plan: plans[index])
            runner.computeDigest = wantsDigest
            if wantsTrace { runner.trace = { Console.out($0) } }
            let report = runner.run()
            results.withLock { $0[index] = report }
            let finished = done.add(1, ordering: .relaxed).newValue
            if showProgress { ProgressBar.draw(finished, of: plans.count) }
        }
        if showProgress { ProgressBar.clear() }
        return results.withLock { $0.compactMap { $0 } }
    }

    func reproduceCommand(seed: UInt64) -> String {
        var words = ["quorum sweep \(protocolName.rawValue) --seeds \(seed) --nodes \(nodeCount) --safety \(safety) --liveness \(liveness)"]
        let networkWords = network.commandLine(defaults: Self.defaultFaults)
        if !networkWords.isEmpty { words.append(networkWords) }
        if noPartitions { words.append("--no-partitions") }
        if noCrashes { words.append("--no-crashes") }
        if noFreezes { words.append("--no-freezes") }
        if preVote { words.append("--pre-vote") }
        if protocolName == .gossip { words.append("--resolve \((resolve ?? .siblings).rawValue)") }
        words.append("--trace")
        return words.joined(separator: " ")
    }
}

/// A one-line progress bar on standard error.
enum ProgressBar {
    static func draw(_ done: Int, of total: Int) {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) seeds".utf8))
    }

    static func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
