import Foundation
import Testing

/// The store's four lessons: each scenario run headless with the options its header names, and
/// every claim its captions make checked against the summary and the trace; the shipped
/// recordings verify.
@Suite("Store lessons")
struct StoreLessonTests {
    static let root = QuorumBinary.repositoryRoot

    static let lessons: [(name: String, options: [String])] = [
        ("store-quorum", []),
        ("store-one-stale", ["--read-level", "ONE", "--write-level", "ONE"]),
        ("store-skew-lost-update", ["--clock-skew", "1s"]),
        ("store-timeout-lands", []),
    ]

    func run(_ name: String, _ extra: [String] = []) throws -> (summary: [String: Any], trace: String) {
        let options = Self.lessons.first { $0.name == name }!.options
        let script = Self.root.appendingPathComponent("scenarios/\(name).txt").path
        let arguments = ["run", "store", "--headless", "--clients", "0", "--duration", "9s", "--script", script] + options
        let json = try QuorumBinary.run(arguments + ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let summary = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let trace = try QuorumBinary.run(arguments + ["--trace"])
        let header = try String(contentsOfFile: script, encoding: .utf8).split(separator: "\n")[1]
        #expect(header == "# Run with: quorum run store " + (options + ["--script", "scenarios/\(name).txt"]).joined(separator: " "),
                "the header names the options the test runs it with")
        return (summary, trace.stdout)
    }

    @Test(arguments: lessons.map(\.name))
    func shippedRecordingVerifies(name: String) throws {
        let path = Self.root.appendingPathComponent("recordings/\(name).jsonl").path
        let output = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(output.status == 0 && output.stdout.contains("verified"), "\(output.stdout)\(output.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"kind\":\"caption\""))
    }

    @Test func quorumReadsSeeTheLatestWrite() throws {
        let (summary, trace) = try run("store-quorum")
        #expect(summary["linearizable"] as? Bool == true && summary["staleReads"] as? Int == 0)
        #expect(trace.contains("send n1->c1 Reply c1#3 value 2"), "the read at 3s returns x=2")
        #expect(trace.contains("send n1->c1 Reply c1#5 value 3"), "the read at 7s returns x=3")
        #expect(trace.contains("send n5->c1 Reply c1#4 done"), "QUORUM still met with n4 down")
        #expect(trace.contains("send n5->n4 Hint x=3"), "n5 kept a hint for n4 and hands it off on restart")
        #expect(summary["clientOpsOk"] as? Int == 5)
    }

    @Test func oneOneReadsAStaleValue() throws {
        let (summary, trace) = try run("store-one-stale")
        #expect(summary["staleReads"] as? Int == 1 && summary["linearizable"] as? Bool == false)
        #expect(trace.contains("Reply c1#2 done") && trace.contains("Reply c1#3 value 1"), "x=2 acked, then n3 answers x=1")
        #expect(trace.contains("Reply c1#4 value 2"), "after the heal the hints reach n3")
        #expect(summary["converged"] as? Bool == true)
    }

    @Test func aSkewedClockLosesTheLaterWrite() throws {
        let (summary, trace) = try run("store-skew-lost-update")
        #expect(summary["lostWrites"] as? Int == 1 && summary["linearizable"] as? Bool == false)
        #expect(trace.contains("Reply c1#1 done") && trace.contains("Reply c1#2 done") && trace.contains("Reply c1#3 value early"))
    }

    @Test func aTimedOutWriteLands() throws {
        let (summary, trace) = try run("store-timeout-lands")
        #expect(summary["timeouts"] as? Int == 1 && summary["readsOfTimeouts"] as? Int == 1)
        #expect(summary["linearizable"] as? Bool == true)
        #expect(trace.contains("timeout: QUORUM 1/2") && trace.contains("Reply c1#2 value ghost"))
        #expect(trace.contains("Hint x=ghost"), "the hints are replayed after the heal")
    }
}
