import Foundation
import QuorumCore
import Testing
@testable import QuorumKit

/// `quorum run paxos`, `sweep paxos` and `replay` through the real binary, and the option
/// parsing in-process.
@Suite("Paxos on the command line")
struct PaxosCommandTests {
    private func json(_ output: QuorumBinary.Output) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test func headlessJSONHasTheCommonKeysAndPaxoss() throws {
        let output = try QuorumBinary.run(["run", "paxos", "--headless", "--json", "--duration", "6s"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try json(output)
        for key in ["protocol", "seed", "nodes", "simulatedMillis", "events", "messagesSent", "clientOpsOk", "violations", "linearizable",
                    "eventsPerSecond", "ballot", "chosenSlots", "duels", "safe"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["nodes"] as? Int == 5 && object["safe"] as? Bool == true && object["linearizable"] as? Bool == true)
        #expect((object["chosenSlots"] as? Int ?? 0) > 20 && (object["ballot"] as? String)?.hasPrefix("1.n") == true)
    }

    @Test func singleDecreeChoosesOneValue() throws {
        let output = try QuorumBinary.run(["run", "paxos", "--single", "--headless", "--json", "--duration", "6s"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let object = try json(output)
        #expect(object["chosenSlots"] as? Int == 1 && object["safe"] as? Bool == true && object["linearizable"] as? Bool == true)
    }

    /// Without back-off the proposers duel from the first timeout on (fixed timeouts): ballots
    /// climb and nothing commits; with it a leader is elected at once.
    @Test func noBackoffDuels() throws {
        let duel = try json(QuorumBinary.run(["run", "paxos", "--no-backoff", "--headless", "--json", "--duration", "3s"]))
        #expect((duel["duels"] as? Int ?? 0) > 100 && duel["chosenSlots"] as? Int == 0, "\(duel)")
        let calm = try json(QuorumBinary.run(["run", "paxos", "--headless", "--json", "--duration", "3s"]))
        #expect(calm["duels"] as? Int == 0 && (calm["chosenSlots"] as? Int ?? 0) > 5, "\(calm)")
    }

    @Test func sweepPassesAndTheMutationFails() throws {
        let honest = try QuorumBinary.run(["sweep", "paxos", "--seeds", "1..12", "--safety", "5s"])
        #expect(honest.status == 0 && honest.stdout.contains("12 seeds, 0 failed"), "\(honest.stdout)")
        let mutant = try QuorumBinary.run(["sweep", "paxos", "--seeds", "1..12", "--safety", "5s", "--mutant-ignore-promises"])
        #expect(mutant.status == 1 && mutant.stdout.contains("two values chosen in slot"), "\(mutant.stdout)")
    }

    @Test func badInputIsOneLineAndExitTwo() throws {
        for (arguments, mention) in [(["run", "paxos", "--headless", "--nodes", "65"], "--nodes: 65 is not a cluster size"),
                                     (["run", "paxos", "--headless", "--election-timeout", "1ms"], "--election-timeout: '1ms' is outside 10ms..60s"),
                                     (["run", "paxos", "--headless", "--election-timeout", "soon"], "--election-timeout: "),
                                     (["run", "paxos", "--headless", "--single", "--pre-vote"], "Unknown option '--pre-vote' (see 'quorum run paxos --help')"),
                                     (["sweep", "paxos", "--seeds", "5..1"], "--seeds"),
                                     (["sweep", "paxos", "--single"], "Unknown option '--single' (see 'quorum sweep paxos --help')")] {
            let output = try QuorumBinary.run(arguments)
            InputHardeningTests.expectRefused(output, naming: mention)
        }
        let script = try QuorumBinary.temporaryFile("bad.txt", "at 1s byzantine n2 ignore-promises\n")
        let output = try QuorumBinary.run(["run", "paxos", "--headless", "--script", script])
        #expect(output.status == 2 && output.stderr.contains("unknown behaviour 'ignore-promises'"), "\(output.stderr)")
    }

    /// The options parsed in-process: the same one-line errors, from the descriptor itself.
    @Test func optionsParseInProcess() throws {
        let options = try PaxosDescriptor.RunOptions.parse(["--single", "--no-backoff", "--election-timeout", "200ms"])
        let config = try options.nodeConfig()
        #expect(config.mode == .single && !config.backoff && config.electionTimeoutMicros == 200_000 && config.heartbeatIntervalMicros == 40_000)
        #expect(options.commandLineWords == ["--single", "--no-backoff", "--election-timeout", "200ms"])
        let tooLong = try PaxosDescriptor.RunOptions.parse(["--election-timeout", "2m"])
        #expect(throws: InputError.self) { try tooLong.nodeConfig() }
        #expect(throws: (any Error).self) { try PaxosDescriptor.RunOptions.parse(["--resolve", "lww"]) }
        #expect(QuorumMain.helpCommand(["run", "paxos", "--bogus"]) == "quorum run paxos --help")
    }

    @Test func recordingVerifiesAndReplays() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("paxos-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = QuorumBinary.repositoryRoot.appendingPathComponent("scenarios/paxos-leader-change.txt").path
        let recorded = try QuorumBinary.run(["run", "paxos", "--headless", "--clients", "1", "--script", script, "--duration", "5s", "--record", path])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let verified = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verified.status == 0 && verified.stdout.contains("verified"), "\(verified.stdout)")
    }

    /// A recording header with a Paxos setting out of range is refused naming the field.
    @Test func badRecordingHeaderIsOneLine() throws {
        let shipped = QuorumBinary.repositoryRoot.appendingPathComponent("recordings/paxos-backoff.jsonl").path
        let text = try String(contentsOfFile: shipped, encoding: .utf8)
        #expect(text.contains("\"mode\":\"single\""))
        for (from, to, mention) in [("\"mode\":\"single\"", "\"mode\":\"triple\"", "field 'config.mode': must be multi or single"),
                                    ("\"backoff\":\"true\"", "\"backoff\":\"maybe\"", "field 'config.backoff'"),
                                    ("\"electionTimeoutMicros\":\"300000\"", "\"electionTimeoutMicros\":\"-1\"", "field 'config.electionTimeoutMicros'")] {
            let path = try QuorumBinary.temporaryFile("bad.jsonl", text.replacingOccurrences(of: from, with: to))
            let output = try QuorumBinary.run(["replay", path, "--verify"])
            InputHardeningTests.expectRefused(output, naming: mention)
        }
    }
}
