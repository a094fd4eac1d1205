import ArgumentParser
import Foundation
import QuorumCore
import Synchronization

/// `quorum sweep <protocol> --seeds 1..1000`: many seeds with random faults (a safety phase with
/// invariants checked after every event), then a liveness phase in which faults end and the cluster
/// must complete a client operation again within a bound. In the manner of TigerBeetle's VOPR. One
/// subcommand per registered protocol, each with its own options.
struct SweepCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "sweep",
            abstract: "Run many seeds with random faults and check safety and liveness.",
            discussion: """
                Faults in the safety phase: partitions, one-way link cuts, crashes and restarts, freezes, \
                message loss, duplication and reordering. Exit 1 if any seed fails. \
                'quorum sweep <protocol> --help' lists that protocol's own options.
                """,
            subcommands: ProtocolRegistry.all.map { $0.sweepCommand })
    }
}

/// What every protocol's `sweep` takes besides `--nodes` and its own options.
struct CommonSweepOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seeds to run.", valueName: "first..last"))
    var seeds: String = "1..100"

    @Option(help: ArgumentHelp("Length of the safety phase (random faults).", valueName: "time"))
    var safety: String = "20s"

    @Option(help: ArgumentHelp("How long after the faults end a new client operation must complete.", valueName: "time"))
    var liveness: String = "10s"

    @Flag(help: "No partitions or link cuts.")
    var noPartitions = false

    @Flag(help: "No crashes.")
    var noCrashes = false

    @Flag(help: "No freezes.")
    var noFreezes = false

    @Flag(help: "No storage faults (crashes part-way through a handler, between its writes and its sends).")
    var noStorageFaults = false

    @Option(help: ArgumentHelp("What stays broken in the liveness phase: none, or minority (up to a minority crashed or cut off).",
                               valueName: "mode"))
    var livenessFaults: FaultSettings.LivenessFaults = .none

    @Option(help: ArgumentHelp("At most this many nodes misbehave at once (silent, delay, or the protocol's own Byzantine modes); they stay so through the liveness phase.", valueName: "n"))
    var byzantine: Int = 0

    @Flag(help: "Print each seed's event-stream digest (for determinism checks).")
    var digests = false

    @Flag(help: "Print every event of every seed (use with one seed).")
    var trace = false

    /// The common switches as they would be typed again.
    var faultWords: [String] {
        (noPartitions ? ["--no-partitions"] : []) + (noCrashes ? ["--no-crashes"] : []) + (noFreezes ? ["--no-freezes"] : [])
            + (byzantine > 0 ? ["--byzantine", String(byzantine)] : [])
            + (noStorageFaults ? ["--no-storage-faults"] : []) + (livenessFaults == .none ? [] : ["--liveness-faults", livenessFaults.rawValue])
    }
}

/// `quorum sweep <protocol>` for one protocol.
struct SweepProtocolCommand<Descriptor: ProtocolDescriptor>: ParsableCommand {
    typealias Node = Descriptor.Node

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Descriptor.name, abstract: "Sweep \(Descriptor.name): " + Descriptor.summary)
    }

    @Option(help: "Number of nodes (default \(Descriptor.defaultNodeCount)).")
    var nodes: Int?

    @OptionGroup(title: "Sweep") var common: CommonSweepOptions
    @OptionGroup(title: "Network") var network: NetworkOptions
    @OptionGroup(title: "Datacenters") var topology: TopologyOptions
    @OptionGroup(title: "\(Descriptor.name) options") var options: Descriptor.SweepOptions

    static var defaultFaults: (loss: String, duplicate: String, reorder: String) { ("0.05", "0.02", "0.05") }

    var nodeCount: Int { nodes ?? options.impliedNodeCount ?? Descriptor.defaultNodeCount }

    func run() throws {
        let (variants, summarised) = try sweepVariants()
        let plans = try makePlans(variants)
        let reports = runAll(plans.map(\.plan))
        let failures = reports.indices.filter { reports[$0].failed }
        // With several variants each line names its own (`seed 7 (ONE/ALL)`).
        let label = { (index: Int) in variants.count > 1 ? " (\(variants[plans[index].variant].label))" : "" }
        for index in reports.indices where common.digests {
            let report = reports[index]
            Console.out("seed \(report.seed)\(label(index)) events \(report.stats.events) digest \(StableHash.hex(report.eventDigest ?? 0))")
        }
        for index in failures {
            let report = reports[index]
            Console.out("FAIL seed \(report.seed)\(label(index)): " + (report.violations.first ?? report.livenessFailure ?? report.linearizabilityFailure ?? "failure"))
            Console.out("  reproduce: \(reproduceCommand(seed: report.seed, variant: variants[plans[index].variant]))")
        }
        if summarised {
            let columns = variants.indices.map { variant in
                SweepSummary.Column(label: variants[variant].label, reports: plans.indices.filter { plans[$0].variant == variant }.map { reports[$0] })
            }
            Console.out(SweepSummary(heading: options.sweepVariantHeading, columns: columns).text())
        }
        let events = reports.reduce(UInt64(0)) { $0 + $1.stats.events }
        let runs = variants.count > 1 ? "\(reports.count) runs (\(reports.count / variants.count) seeds x \(variants.count) \(options.sweepVariantHeading))" : "\(reports.count) seeds"
        Console.out("\(runs), \(failures.count) failed, \(events) events checked")
        if !failures.isEmpty { throw ExitCode(1) }
    }

    /// The configurations to run every seed with: the protocol's variants (summarised in a table),
    /// or its one configuration.
    func sweepVariants() throws(InputError) -> (variants: [SweepVariant<Node.Config>], summarised: Bool) {
        try Descriptor.validate(nodeCount: nodeCount)
        let given = try options.sweepVariants()
        var variants = given ?? []
        if given == nil { variants = [SweepVariant(label: "", config: try options.nodeConfig(), words: options.reproduceWords)] }
        try options.validate(nodeCount: nodeCount)
        return (variants, given != nil)
    }

    /// A plan per variant and seed, variant by variant, each with the index of its variant.
    func makePlans(_ variants: [SweepVariant<Node.Config>]) throws(InputError) -> [(plan: RunPlan<Node>, variant: Int)] {
        let range = try SeedRange(parsing: common.seeds)
        let settings = try network.settings(defaultLoss: Self.defaultFaults.loss, defaultDuplicate: Self.defaultFaults.duplicate,
                                            defaultReorder: Self.defaultFaults.reorder)
        let safetyEnd = try parseDuration("--safety", common.safety)
        let livenessBound = try parseDuration("--liveness", common.liveness)
        let datacenters = try topology.datacenters(nodeCount: nodeCount, protocolCount: options.datacenterCount)
        guard (0...nodeCount).contains(common.byzantine) else {
            throw InputError(source: "--byzantine", message: "\(common.byzantine) is not a number of nodes; use 0 to \(nodeCount)")
        }
        var faultSettings = FaultSettings(partitions: !common.noPartitions, crashes: !common.noCrashes, freezes: !common.noFreezes, cuts: !common.noPartitions,
                                     crashesMidHandler: !common.noStorageFaults, until: safetyEnd, livenessFaults: common.livenessFaults)
        faultSettings.byzantine = common.byzantine
        let faults = Descriptor.sweepFaults(faultSettings, options: options)
        return variants.indices.flatMap { variant in
            range.seeds.map { seed in
                let config = SimulationConfig(nodeCount: nodeCount, seed: seed, network: settings, workload: Node.workload(clients: 3),
                                              node: variants[variant].config, datacenters: datacenters)
                var plan = RunPlan<Node>(config: config, duration: safetyEnd, checkInvariants: options.checkInvariants, faults: faults,
                                         livenessBound: livenessBound)
                plan.linearizabilityBudgetSeconds = 5
                return (plan, variant)
            }
        }
    }

    /// Runs seeds on every core; results come back in seed order.
    private func runAll(_ plans: [RunPlan<Node>]) -> [RunReport] {
        let results = Mutex<[RunReport?]>(Array(repeating: nil, count: plans.count))
        let done = Atomic<Int>(0)
        let showProgress = Console.stderrIsTerminal && !common.trace
        let wantsDigest = common.digests
        let wantsTrace = common.trace
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

    func reproduceCommand(seed: UInt64, variant: SweepVariant<Node.Config>) -> String {
        var words = ["quorum", "sweep", Descriptor.name, "--seeds", String(seed), "--nodes", String(nodeCount),
                     "--safety", common.safety, "--liveness", common.liveness]
        let networkWords = network.commandLine(defaults: Self.defaultFaults)
        if !networkWords.isEmpty { words.append(networkWords) }
        words += common.faultWords + variant.words + topology.commandLineWords
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

extension FaultSettings.LivenessFaults: ExpressibleByArgument {}
