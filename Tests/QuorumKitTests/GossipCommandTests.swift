import Foundation
import Testing

/// `quorum run gossip` and `quorum sweep gossip` through the real binary.
@Suite("Gossip on the command line")
struct GossipCommandTests {
    static let root = QuorumBinary.repositoryRoot

    private func json(_ output: QuorumBinary.Output) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    /// The acceptance run: two processes (different hash seeds) print the same JSON.
    @Test func headlessJSONIsDeterministicAcrossProcesses() throws {
        let arguments = ["run", "gossip", "--headless", "--json", "--seed", "5", "--digest"]
        let first = try QuorumBinary.run(arguments)
        let second = try QuorumBinary.run(arguments)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)")
        let strip = { (text: String) in text.replacingOccurrences(of: #","eventsPerSecond":[0-9.]+"#, with: "", options: .regularExpression) }
        #expect(strip(first.stdout) == strip(second.stdout))
        let object = try json(first)
        for key in ["converged", "convergenceMillis", "conflicts", "siblingsMax", "lostUpdates", "unaccountedWrites", "readYourWrites", "monotonicReads",
                    "monotonicWrites", "writesFollowReads", "linearizable", "sequentiallyConsistent", "eventDigest"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["converged"] as? Bool == true)
        #expect(object["protocol"] as? String == "gossip")
        #expect(object["nodes"] as? Int == 3, "gossip defaults to three replicas")
        #expect(object["committedEntries"] == nil, "no Raft keys in a gossip summary")
    }

    @Test func lwwWithSkewLosesTheLaterWrite() throws {
        let script = GossipCommandTests.root.appendingPathComponent("scenarios/gossip-lww-skew.txt").path
        let lww = try json(try QuorumBinary.run(["run", "gossip", "--headless", "--json", "--resolve", "lww", "--clock-skew", "80ms", "--script", script]))
        #expect(lww["lostUpdates"] as? Int == 1)
        #expect(lww["siblingsMax"] as? Int == 1)
        let siblings = try json(try QuorumBinary.run(["run", "gossip", "--headless", "--json", "--resolve", "siblings", "--clock-skew", "80ms", "--script", script]))
        #expect(siblings["lostUpdates"] as? Int == 0)
        #expect(siblings["unaccountedWrites"] as? Int == 0)
        #expect(siblings["siblingsMax"] as? Int == 2)
        #expect(siblings["converged"] as? Bool == true)
    }

    @Test func badGossipOptionsExitTwo() throws {
        for (arguments, mention) in [(["--resolve", "newest"], "--resolve"), (["--clock-skew", "fast"], "--clock-skew"),
                                     (["--pre-vote"], "--pre-vote"), (["--anti-entropy", "0s"], "--anti-entropy")] {
            let output = try QuorumBinary.run(["run", "gossip", "--headless"] + arguments)
            #expect(output.status == 2, "\(arguments)")
            #expect(output.stderr.contains(mention), "\(arguments): \(output.stderr)")
            #expect(output.stderr.split(separator: "\n").count == 1, "one line: \(output.stderr)")
        }
        // Another protocol's option is refused by the parser itself: each protocol's subcommand has its own options.
        let raft = try QuorumBinary.run(["run", "raft", "--headless", "--resolve", "lww"])
        #expect(raft.status == 2 && raft.stderr == "quorum: Unknown option '--resolve' (see 'quorum run raft --help')\n", "\(raft.stderr)")
        let sweepRaft = try QuorumBinary.run(["sweep", "raft", "--seeds", "1..2", "--resolve", "lww"])
        #expect(sweepRaft.status == 2 && sweepRaft.stderr == "quorum: Unknown option '--resolve' (see 'quorum sweep raft --help')\n", "\(sweepRaft.stderr)")
        let sweepGossip = try QuorumBinary.run(["sweep", "gossip", "--seeds", "1..2", "--pre-vote"])
        #expect(sweepGossip.status == 2 && sweepGossip.stderr == "quorum: Unknown option '--pre-vote' (see 'quorum sweep gossip --help')\n", "\(sweepGossip.stderr)")
    }

    @Test func sweepConvergesOnEverySeed() throws {
        let output = try QuorumBinary.run(["sweep", "gossip", "--seeds", "1..40", "--safety", "6s", "--loss", "0.3", "--resolve", "lww"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("40 seeds, 0 failed"))
    }

    /// Silent and delayed replicas during the run; the store converges once every fault, those
    /// included, has ended (a replica that stays silent could never converge).
    @Test func sweepWithMisbehavingReplicasConverges() throws {
        let output = try QuorumBinary.run(["sweep", "gossip", "--seeds", "1..40", "--safety", "6s", "--byzantine", "1"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("40 seeds, 0 failed"))
    }
}

/// Each protocol's subcommand lists its own options and the common ones, never another protocol's.
@Suite("Protocol subcommands")
struct ProtocolSubcommandTests {
    @Test func runRaftHelpListsOnlyRaftOptions() throws {
        let help = try QuorumBinary.run(["run", "raft", "--help"])
        #expect(help.status == 0)
        for option in ["--pre-vote", "--stale-reads", "--check-invariants", "--seed", "--latency", "--theme"] {
            #expect(help.stdout.contains(option), "\(option)")
        }
        for option in ["--resolve", "--clock-skew", "--anti-entropy"] { #expect(!help.stdout.contains(option), "\(option)") }
    }

    @Test func runGossipHelpListsOnlyGossipOptions() throws {
        let help = try QuorumBinary.run(["run", "gossip", "--help"])
        #expect(help.status == 0)
        for option in ["--resolve", "--clock-skew", "--anti-entropy", "--seed"] { #expect(help.stdout.contains(option), "\(option)") }
        for option in ["--pre-vote", "--stale-reads", "--check-invariants"] { #expect(!help.stdout.contains(option), "\(option)") }
    }

    @Test func runListsEveryProtocol() throws {
        let help = try QuorumBinary.run(["run", "--help"])
        #expect(help.stdout.contains("raft") && help.stdout.contains("gossip"))
    }
}
