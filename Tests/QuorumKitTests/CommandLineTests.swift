import Foundation
import Testing

/// The real binary: exit codes, one-line errors, JSON keys, determinism across processes.
@Suite("quorum command line", .serialized)
struct CommandLineTests {
    /// Bad input gets one line naming the problem, exit code 2, no stack trace.
    private func expectBadInput(_ arguments: [String], mentions expected: String) throws {
        let output = try QuorumBinary.run(arguments)
        #expect(output.status == 2, "\(arguments): exit \(output.status)")
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(output.stderr)")
        #expect(output.stderr.contains(expected), "\(arguments): \(output.stderr)")
        #expect(!output.stderr.contains("Backtrac") && !output.stderr.contains("Fatal error"))
        #expect(output.stdout.isEmpty)
    }

    @Test func scriptWithSyntaxError() throws {
        let path = try QuorumBinary.temporaryFile("bad.txt", "# lesson\nat 2s kill n1\nat 3s partition n1 n2 n3\n")
        try expectBadInput(["run", "raft", "--headless", "--script", path], mentions: "bad.txt:3:25: a partition needs sides")
    }

    @Test func scriptNamingUnknownNode() throws {
        let path = try QuorumBinary.temporaryFile("unknown.txt", "at 2s kill n7\n")
        try expectBadInput(["run", "raft", "--headless", "--script", path], mentions: "unknown.txt:1:12: unknown node 'n7'")
    }

    @Test func missingScript() throws {
        try expectBadInput(["run", "raft", "--headless", "--script", "/nonexistent/lesson.txt"], mentions: "/nonexistent/lesson.txt: no such script file")
    }

    @Test func invertedLatencyRange() throws {
        try expectBadInput(["run", "raft", "--headless", "--latency", "9ms..2ms"], mentions: "--latency: 9ms..2ms has its minimum above its maximum")
    }

    @Test func zeroNodes() throws {
        try expectBadInput(["run", "raft", "--headless", "--nodes", "0"], mentions: "--nodes: 0 is not a cluster size")
    }

    @Test func unknownProtocolAndOption() throws {
        try expectBadInput(["run", "viewstamped", "--headless"], mentions: "viewstamped")
        try expectBadInput(["run", "raft", "--frobnicate"], mentions: "--frobnicate")
        try expectBadInput(["run", "raft", "--headless", "--loss", "2"], mentions: "--loss: '2' is not a probability")
        try expectBadInput(["sweep", "raft", "--seeds", "9..3"], mentions: "--seeds: 9..3 starts above where it ends")
    }

    /// With no arguments the live UI opens; without a terminal that is a clear error, exit 2.
    @Test func noArgumentsWithoutTerminalSuggestsHeadless() throws {
        let output = try QuorumBinary.run([])
        #expect(output.status == 2)
        #expect(output.stderr == "quorum: terminal: the live UI needs a terminal (standard input and output must be a TTY); use --headless to run without one\n")
        #expect(output.stdout.isEmpty)
    }

    @Test func helpListsCommands() throws {
        let output = try QuorumBinary.run(["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("USAGE: quorum"))
        #expect(output.stdout.contains("sweep"))
    }

    @Test func badThemeFailsBeforeTheTerminalIsTouched() throws {
        let path = try QuorumBinary.temporaryFile("broken.toml", "[leader]\nfg = \"plaid\"\n")
        let output = try QuorumBinary.run(["run", "raft", "--theme", path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("broken.toml:2:1: key 'fg' in [leader]"))
    }

    @Test func helpOnEveryCommand() throws {
        for command in [["run", "--help"], ["sweep", "--help"], ["bench", "--help"], ["bench", "raft", "--help"]] {
            let output = try QuorumBinary.run(command)
            #expect(output.status == 0, "\(command)")
            #expect(output.stdout.contains("USAGE:"), "\(command)")
        }
    }

    /// The acceptance run: identical JSON from two processes, with commits and no violations.
    /// `eventsPerSecond` is a wall-clock measurement, so it is the one key compared separately.
    @Test func headlessJSONIsDeterministicAcrossProcesses() throws {
        let arguments = ["run", "raft", "--headless", "--seed", "7", "--duration", "60s", "--json", "--check-invariants", "--digest"]
        let first = try QuorumBinary.run(arguments)
        let second = try QuorumBinary.run(arguments)
        #expect(first.status == 0 && second.status == 0)
        let a = try #require(JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let b = try #require(JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        for key in ["protocol", "seed", "events", "messagesSent", "messagesDelivered", "messagesDropped", "leaderElections",
                    "committedEntries", "clientOpsOk", "clientOpsFailed", "clientOpsUnknown", "violations", "eventsPerSecond"] {
            #expect(a[key] != nil, "missing key \(key)")
        }
        #expect(stripTiming(first.stdout) == stripTiming(second.stdout))
        #expect(a["eventDigest"] as? String == b["eventDigest"] as? String)
        #expect((a["committedEntries"] as? Int ?? 0) > 100)
        #expect((a["violations"] as? [String]) == [])
        #expect((a["eventsPerSecond"] as? Int ?? 0) > 0)
    }

    /// 50 seeds with faults on, in two separate processes (so that Swift's per-process hash seeds
    /// differ): every event stream digest is identical.
    @Test func fiftySeedsWithFaultsAreDeterministicAcrossProcesses() throws {
        let arguments = ["sweep", "raft", "--seeds", "1..50", "--safety", "5s", "--liveness", "5s", "--digests"]
        let first = try QuorumBinary.run(arguments)
        let second = try QuorumBinary.run(arguments)
        #expect(first.status == 0, "\(first.stdout)")
        let digests = first.stdout.split(separator: "\n").filter { $0.hasPrefix("seed ") }
        #expect(digests.count == 50)
        #expect(Set(digests.map { $0.split(separator: " ").last! }).count == 50, "different seeds, different runs")
        #expect(first.stdout == second.stdout)
    }

    @Test func violationExitsOneWithReproduceCommand() throws {
        // A liveness bound too short for any election makes every seed fail, through the same
        // reporting path as a safety violation.
        let output = try QuorumBinary.run(["sweep", "raft", "--seeds", "1..3", "--safety", "2s", "--liveness", "1ms"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("FAIL seed 1: liveness"))
        #expect(output.stdout.contains("reproduce: quorum sweep raft --seeds 1 "))
    }

    @Test func scriptedRunShowsCaptionsInTrace() throws {
        let path = try QuorumBinary.temporaryFile("lesson.txt", """
            at 2s kill leader
            at 2.5s say "a new leader is elected"
            at 3s request set x 3
            at 4s request get x
            """)
        let output = try QuorumBinary.run(["run", "raft", "--headless", "--script", path, "--duration", "6s", "--trace", "--check-invariants"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("2.500000s say \"a new leader is elected\""))
        #expect(output.stdout.contains("crashed"))
        #expect(output.stdout.contains("complete op1 ok value 3"))
    }

    @Test func benchRaftJSON() throws {
        let output = try QuorumBinary.run(["bench", "raft", "--entries", "2000", "--json"])
        #expect(output.status == 0)
        let object = try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect((object["entriesPerSecond"] as? Double ?? 0) > 0 || (object["entriesPerSecond"] as? Int ?? 0) > 0)
        #expect(object["messagesPerEntry"] != nil)
    }

    private func stripTiming(_ json: String) -> String {
        json.replacingOccurrences(of: #","eventsPerSecond":[0-9.]+"#, with: "", options: .regularExpression)
    }
}
