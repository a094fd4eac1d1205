import Foundation
import Testing

/// `quorum run pbft` and `quorum sweep pbft` through the real binary: PBFT registered through the
/// one registration point and run by the shared commands.
@Suite("PBFT on the command line")
struct PBFTCommandTests {
    private func json(_ output: QuorumBinary.Output) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test func headlessJSONHasTheCommonKeysAndPBFTs() throws {
        let output = try QuorumBinary.run(["run", "pbft", "--headless", "--json", "--duration", "6s", "--check-invariants"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try json(output)
        for key in ["protocol", "seed", "nodes", "events", "clientOpsOk", "violations", "linearizable", "view", "viewChanges", "executed",
                    "byzantine", "safe"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["nodes"] as? Int == 4 && object["safe"] as? Bool == true && object["linearizable"] as? Bool == true)
        #expect((object["executed"] as? Int ?? 0) > 20)
    }

    /// An equivocating primary (one of f = 1) is replaced by a view change; honest replicas agree
    /// and every result clients accepted is linearizable.
    @Test func anEquivocatingPrimaryIsReplaced() throws {
        let script = try QuorumBinary.temporaryFile("equivocate.txt", "at 2s byzantine n1 equivocate\n")
        let output = try QuorumBinary.run(["run", "pbft", "--headless", "--json", "--script", script, "--clients", "3", "--duration", "8s",
                                           "--check-invariants"])
        #expect(output.status == 0, "\(output.stdout)")
        let object = try json(output)
        #expect((object["view"] as? Int ?? 0) >= 1)
        #expect(object["byzantine"] as? [String] == ["n1 equivocate"])
        #expect(object["safe"] as? Bool == true && object["linearizable"] as? Bool == true)
    }

    @Test func badInputIsOneLine() throws {
        for (arguments, mention) in [(["run", "pbft", "--headless", "--nodes", "5"], "--nodes: 5 replicas: PBFT runs on n = 3f+1"),
                                     (["run", "pbft", "--headless", "--checkpoint-every", "0"], "--checkpoint-every: 0 is not a checkpoint interval"),
                                     (["run", "pbft", "--headless", "--pre-vote"], "Unknown option '--pre-vote' (see 'quorum run pbft --help')")] {
            let output = try QuorumBinary.run(arguments)
            InputHardeningTests.expectRefused(output, naming: mention)
        }
        let script = try QuorumBinary.temporaryFile("badmode.txt", "at 1s byzantine n2 gossip\n")
        let output = try QuorumBinary.run(["run", "pbft", "--headless", "--script", script])
        #expect(output.status == 2 && output.stderr.contains("unknown behaviour 'gossip'"), "\(output.stderr)")
    }

    @Test func sweepWithOneFaultyReplicaPasses() throws {
        let output = try QuorumBinary.run(["sweep", "pbft", "--seeds", "1..16", "--safety", "4s", "--byzantine", "1"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("16 seeds, 0 failed"))
    }

    /// Two colluding replicas of four (f+1): the honest ones execute different requests at one
    /// sequence number, and the invariant check says so (exit 1, `safe` false).
    @Test func fPlusOneColludersBreakSafetyAndTheCheckSaysSo() throws {
        let script = try QuorumBinary.temporaryFile("collude.txt", "at 0.5s byzantine n1 collude\nat 0.5s byzantine n2 collude\nat 1s request set x 1\n")
        let output = try QuorumBinary.run(["run", "pbft", "--headless", "--json", "--script", script, "--duration", "3s", "--check-invariants"])
        #expect(output.status == 1, "\(output.stderr)")
        let object = try json(output)
        #expect(object["safe"] as? Bool == false)
        #expect((object["violations"] as? [String])?.first?.contains("n4 and n3 executed different requests at sequence number 1") == true,
                "\(object["violations"] ?? "")")
    }

    /// f+1 liars in a sweep: failures are found and each has its reproduce command. Seed 713 is one
    /// where two colluders break safety (found by `quorum sweep pbft --byzantine 2 --seeds 1..1000`).
    @Test func sweepWithFPlusOneLiarsFindsASafetyViolation() throws {
        let output = try QuorumBinary.run(["sweep", "pbft", "--seeds", "713", "--byzantine", "2"])
        #expect(output.status == 1, "\(output.stdout)")
        #expect(output.stdout.contains("FAIL seed 713: safety (PBFT §4.5.1)"), "\(output.stdout)")
        #expect(output.stdout.contains("reproduce: quorum sweep pbft --seeds 713 --nodes 4"))
    }

    @Test func recordingVerifies() throws {
        let script = try QuorumBinary.temporaryFile("pbft-faults.txt", "at 1s byzantine n1 silent\nat 3s honest n1\n")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pbft-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorded = try QuorumBinary.run(["run", "pbft", "--headless", "--script", script, "--clients", "2", "--duration", "5s", "--record", path])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let verified = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verified.status == 0 && verified.stdout.contains("verified"), "\(verified.stdout)")
    }
}
