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
}
