import Foundation
import Testing

/// `quorum check` on the corpus formats, and linearizability of Quorum's own runs.
@Suite("quorum check and stale reads", .serialized)
struct CheckCommandTests {
    static let corpus = ProcessInfo.processInfo.environment["QUORUM_CORPUS"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/porcupine").path
    static let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/stale-read.txt").path

    /// Skipped with this message on a fresh clone without ../shared (not in CI, where it must be there).
    static let corpusRuns = FileManager.default.fileExists(atPath: "\(corpus)/expected.tsv") || ProcessInfo.processInfo.environment["CI"] == "true"
    static let corpusMissing = Comment(rawValue: "skipped: the Porcupine corpus is missing (no \(corpus)/expected.tsv; put shared/ beside the repository or set QUORUM_CORPUS)")

    @Test(.enabled(if: CheckCommandTests.corpusRuns, CheckCommandTests.corpusMissing))
    func exitCodesFollowTheVerdict() throws {
        let ok = try QuorumBinary.run(["check", "\(CheckCommandTests.corpus)/jepsen/etcd_002.log", "--json"])
        #expect(ok.status == 0)
        let object = try #require(JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "linearizable")
        #expect(object["operations"] as? Int == 77)
        #expect(object["millis"] != nil)
        let bad = try QuorumBinary.run(["check", "\(CheckCommandTests.corpus)/jepsen/etcd_000.log"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("not-linearizable"))
        #expect(bad.stdout.contains("none of these can take effect next"))
    }

    @Test func malformedHistoryNamesTheLine() throws {
        let path = try QuorumBinary.temporaryFile("h.log", "INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:frobnicate\t3\n")
        let output = try QuorumBinary.run(["check", path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("h.log:2:"))
    }

    @Test func staleReadsUnderPartitionAreNotLinearizable() throws {
        for seed in ["1", "2"] {
            let arguments = ["run", "raft", "--headless", "--json", "--script", CheckCommandTests.scenario, "--duration", "12s", "--seed", seed]
            let stale = try QuorumBinary.run(arguments + ["--stale-reads"])
            let safe = try QuorumBinary.run(arguments)
            #expect(stale.stdout.contains("\"linearizable\":false"), "seed \(seed): \(stale.stdout)")
            #expect(safe.stdout.contains("\"linearizable\":true"), "seed \(seed): \(safe.stdout)")
            #expect(safe.status == 0 && stale.status == 0)
        }
    }

    // Issue 12: `--timeout` is the budget of the whole command, not of each search: past it, both
    // the linearizability and the sequential-consistency verdicts are unknown.
    @Test func timeoutIsForTheWholeCommand() throws {
        let output = try QuorumBinary.run(["check", "\(CheckCommandTests.corpus)/jepsen/etcd_000.log", "--json", "--timeout", "1us"])
        #expect(output.status == 3)
        #expect(output.stdout.contains("\"verdict\":\"unknown\""))
        #expect(output.stdout.contains("\"sequentiallyConsistent\":null"))
    }

    // `--sc-timeout` sets the sequential-consistency budget (in search steps): tiny, it gives up.
    @Test func scTimeoutSetsTheSequentialBudget() throws {
        let path = "\(CheckCommandTests.corpus)/jepsen/etcd_000.log"
        let tiny = try QuorumBinary.run(["check", path, "--json", "--sc-timeout", "1us"])
        #expect(tiny.stdout.contains("\"sequentiallyConsistent\":null"))
        let normal = try QuorumBinary.run(["check", path, "--json"])
        #expect(normal.stdout.contains("\"sequentiallyConsistent\":true"))
        #expect(normal.status == 1)
    }

    // Issue 12: a model that gives no meaning to the file's operations is bad input: one line
    // naming the file and the line of the first operation that does not fit, exit 2.
    @Test func modelThatDoesNotFitTheOperationsIsBadInput() throws {
        let output = try QuorumBinary.run(["check", "\(CheckCommandTests.corpus)/jepsen/etcd_000.log", "--model", "counter"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("etcd_000.log:"))
        #expect(output.stderr.contains("model counter"))
        #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
        let fits = try QuorumBinary.run(["check", "\(CheckCommandTests.corpus)/jepsen/etcd_002.log", "--model", "register"])
        #expect(fits.status == 0)
    }

    // Issue 12: counterexamples use the event log's words: clients c1.., get/set, seconds with three
    // decimals for recordings; processes and line numbers for corpus histories.
    @Test func counterexamplesSpeakTheEventLogsDialect() throws {
        let recording = try QuorumBinary.temporaryFile("stale.jsonl", "")
        let run = try QuorumBinary.run(["run", "raft", "--headless", "--script", CheckCommandTests.scenario, "--duration", "12s",
                                        "--seed", "1", "--stale-reads", "--record", recording])
        #expect(run.status == 0, "\(run.stderr)")
        let checked = try QuorumBinary.run(["check", recording])
        #expect(checked.status == 1)
        #expect(checked.stdout.range(of: #"c\d+ op\d+ get \S+ -> value \S+ \[\d+\.\d{3}s, "#, options: .regularExpression) != nil, "\(checked.stdout)")
        #expect(!checked.stdout.contains("client 0"))
        let corpus = try QuorumBinary.run(["check", "\(CheckCommandTests.corpus)/jepsen/etcd_000.log"])
        #expect(corpus.stdout.range(of: #"p\d+ op\d+ (read|write|cas).* \[line \d+, (line \d+|never)\]"#, options: .regularExpression) != nil, "\(corpus.stdout)")
    }
}
