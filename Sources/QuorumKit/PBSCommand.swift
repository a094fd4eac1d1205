import ArgumentParser
import Foundation
import QuorumCore
import QuorumStore

/// `quorum pbs`: probabilistically bounded staleness (Bailis et al., VLDB 2012) measured by
/// running write-then-read trials through the store's nodes (`PBSDriver`).
struct PBSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pbs",
        abstract: "Measure how stale partial quorums are (t-visibility and k-staleness, Bailis et al. 2012).",
        discussion: """
            Runs many independent write-then-read trials through the store: N replicas and a coordinator. t-visibility \
            (WARS model): a write goes to all N and commits at the W-th ack, a read goes to all N and uses the first R \
            answers, every message delayed by its leg. k-staleness: each write reaches exactly W replicas chosen at \
            random, each read asks R at random; compared with the closed form 1 - (C(N-W,R)/C(N,R))^k. Legs are a \
            uniform range (5ms..25ms) or an exponential with a mean (exp:10ms).
            """)

    @Option(help: ArgumentHelp("Replicas N (1 to 10).", valueName: "n")) var rf: Int = 3
    @Option(help: ArgumentHelp("Read quorum R: answers a read uses.", valueName: "r")) var read: Int = 1
    @Option(help: ArgumentHelp("Write quorum W: acks a write waits for.", valueName: "w")) var write: Int = 1
    @Option(help: ArgumentHelp("Trials (default 100000).", valueName: "n")) var trials: Int = 100_000
    @Option(name: .customLong("t"), help: ArgumentHelp("Milliseconds after the commit at which reads start.", valueName: "ms,...")) var times = "0,1,5,10,50"
    @Option(name: .customLong("k"), help: ArgumentHelp("Versions for k-staleness.", valueName: "k,...")) var versions = "1,2,3"
    @Option(help: ArgumentHelp("W leg: coordinator to replica, for a write.", valueName: "dist")) var wLatency = "5ms..25ms"
    @Option(help: ArgumentHelp("A leg: the replica's ack back.", valueName: "dist")) var aLatency = "5ms..25ms"
    @Option(help: ArgumentHelp("R leg: coordinator to replica, for a read.", valueName: "dist")) var rLatency = "5ms..25ms"
    @Option(help: ArgumentHelp("S leg: the replica's answer back.", valueName: "dist")) var sLatency = "5ms..25ms"
    @Flag(help: "Measure k-staleness only (skip the t-visibility trials).") var kStaleness = false
    @Flag(help: "Print the result as one JSON object.") var json = false
    @Option(help: "Seed of the trials.") var seed: UInt64 = 1

    struct Result {
        var tVisibility: [(tMs: Int, probability: Double)] = []
        var kStaleness: [(k: Int, probability: Double, closedForm: Double)] = []
        var events: UInt64 = 0
        var wallSeconds = 0.0
    }

    func run() throws {
        let experiment = try makeExperiment()
        let timesMs = try Self.list("--t", times, range: 0...3_600_000)
        let ks = try Self.list("--k", versions, range: 1...20)
        let started = DispatchTime.now().uptimeNanoseconds
        var result = Result()
        if !kStaleness {
            let measured = experiment.tVisibility(timesMicros: timesMs.map { Int64($0) * 1_000 })
            result.tVisibility = zip(timesMs, measured.probabilities).map { ($0, $1) }
            result.events += measured.events
        }
        let measured = experiment.kStaleness(ks: ks)
        result.kStaleness = zip(ks, measured.probabilities).map { k, p in
            (k, p, PBSExperiment.closedFormKStaleness(replicas: rf, read: read, write: write, k: k))
        }
        result.events += measured.events
        result.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        Console.out(json ? jsonText(result) : text(result))
    }

    func makeExperiment() throws(InputError) -> PBSExperiment {
        guard (1...10).contains(rf) else { throw InputError(source: "--rf", message: "\(rf) is not a number of replicas; use 1 to 10") }
        guard (1...rf).contains(read) else { throw InputError(source: "--read", message: "R = \(read) must be 1 to N = \(rf)") }
        guard (1...rf).contains(write) else { throw InputError(source: "--write", message: "W = \(write) must be 1 to N = \(rf)") }
        guard (1...10_000_000).contains(trials) else { throw InputError(source: "--trials", message: "\(trials) is not a number of trials; use 1 to 10000000") }
        return PBSExperiment(replicas: rf, readCount: read, writeCount: write, trials: trials, seed: seed,
                             legs: (try Self.leg("--w-latency", wLatency), try Self.leg("--a-latency", aLatency),
                                    try Self.leg("--r-latency", rLatency), try Self.leg("--s-latency", sLatency)))
    }

    static func leg(_ option: String, _ text: String) throws(InputError) -> LatencyDistribution {
        guard let distribution = LatencyDistribution(parsing: text) else {
            throw InputError(source: option, message: "'\(text)' is not a latency (write 5ms..25ms or exp:10ms, at most an hour)")
        }
        return distribution
    }

    static func list(_ option: String, _ text: String, range: ClosedRange<Int>) throws(InputError) -> [Int] {
        var values: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Int(part), range.contains(value), !values.contains(value) else {
                throw InputError(source: option, message: "'\(part)' is not a whole number from \(range.lowerBound) to \(range.upperBound) (or is repeated)")
            }
            values.append(value)
        }
        guard values.count <= 32 else { throw InputError(source: option, message: "at most 32 values") }
        return values
    }

    func jsonText(_ result: Result) -> String {
        let t = result.tVisibility.map { "{\"tMs\":\($0.tMs),\"probability\":\($0.probability)}" }.joined(separator: ",")
        let k = result.kStaleness.map { "{\"k\":\($0.k),\"probability\":\($0.probability),\"closedForm\":\($0.closedForm)}" }.joined(separator: ",")
        return "{\"rf\":\(rf),\"read\":\(read),\"write\":\(write),\"trials\":\(trials),\"tVisibility\":[\(t)],\"kStaleness\":[\(k)]}"
    }

    /// A table with a bar per row (40 columns at 100%), then the sampling error.
    func text(_ result: Result) -> String {
        func bar(_ p: Double) -> String { String(repeating: "#", count: Int((p * 40).rounded())) }
        func percent(_ p: Double) -> String { String(format: "%7.3f%%", p * 100) }
        var lines = ["pbs: N=\(rf) R=\(read) W=\(write), \(trials) trials (seed \(seed))" + (read + write > rf ? ", R + W > N: always consistent" : "")]
        if !result.tVisibility.isEmpty {
            lines.append("t-visibility (legs W \(wLatency), A \(aLatency), R \(rLatency), S \(sLatency)):")
            for row in result.tVisibility {
                lines.append(String(format: "  t=%5d ms ", row.tMs) + percent(row.probability) + " " + bar(row.probability))
            }
        }
        lines.append("k-staleness (each write to W random replicas, each read from R random):")
        for row in result.kStaleness {
            lines.append(String(format: "  k=%2d      ", row.k) + percent(row.probability) + "  closed form " + percent(row.closedForm) + " " + bar(row.probability))
        }
        let worst = (result.tVisibility.map(\.probability) + result.kStaleness.map(\.probability))
            .map { 1.96 * PBSExperiment.standardError($0, trials: trials) }.max() ?? 0
        lines.append(String(format: "sampling error: ±%.3f%% at most (95%%, 1.96 standard errors of %d trials)", worst * 100, trials))
        lines.append(String(format: "%llu simulated events in %.2f s", result.events, result.wallSeconds))
        return lines.joined(separator: "\n")
    }
}
