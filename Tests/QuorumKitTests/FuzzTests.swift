import Foundation
import QuorumCheckers
import QuorumCore
import QuorumGossip
@testable import QuorumKit
import QuorumRaft
import QuorumRecording
import QuorumUI
import Testing

/// Every parser under a seeded mutation fuzzer (see Fuzzer), seeded from the shipped files:
/// scenarios/, recordings/, themes/ and the Porcupine corpus when it is present. For every input:
/// no crash (a trap ends the test process), no hang (each pass runs under a time limit), bounded
/// memory (inputs at most 256 KB), and every error is one line naming the file and line, with no
/// control character. QUORUM_FUZZ_INPUTS sets the inputs per parser (10,000 by default).
@Suite("Fuzzing the parsers")
struct FuzzTests {
    static let root = QuorumBinary.repositoryRoot

    static func files(_ folder: String, _ suffix: String) -> [URL] {
        let directory = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { directory.appendingPathComponent($0) }
    }

    static func bytes(_ url: URL) -> [UInt8] { (try? Array(Data(contentsOf: url))) ?? [] }

    /// The first `count` lines of a file (and its last line), so that seeds stay small.
    static func head(_ bytes: [UInt8], lines count: Int, keepLast: Bool = false) -> [UInt8] {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        var kept = Array(lines.prefix(count))
        if keepLast, lines.count > count, let last = lines.dropLast().last { kept.append(last) }
        return Array(kept.joined(separator: [0x0A])) + [0x0A]
    }

    /// The property every error must have: one line, starting with the file's name, naming a
    /// line when the input is a file, with no control character.
    static func expectGood(_ error: InputError, source: String, input: Int, needsLine: Bool = true,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let text = error.description
        #expect(text.hasPrefix(source + (needsLine ? ":" : "")), "input \(input): \(text)", sourceLocation: sourceLocation)
        #expect(!needsLine || error.line != nil, "input \(input): \(text)", sourceLocation: sourceLocation)
        #expect(!text.unicodeScalars.contains(where: SafeText.isControl), "input \(input): \(text)", sourceLocation: sourceLocation)
    }

    /// Runs `count` inputs through `target`.
    static func run(_ seeds: [[UInt8]], seed: UInt64, _ target: (Int, [UInt8]) -> Void) {
        var fuzzer = Fuzzer(seed: seed, seeds: seeds)
        for index in 0..<Fuzzer.inputsPerParser { target(index, fuzzer.next()) }
    }

    // MARK: - Scripts

    static let scriptSeeds: [[UInt8]] = files("scenarios", ".txt").map(bytes) + [
        "every 300ms from 1s until 2s request n1 cas x 1 2\nat 1s cut n1->n2\nat 2s repair n1 -> n2\n",
        "at 1.5s latency 1ms..2ms\nat 2s loss 5%\nat 2s duplicate 0.01\nat 2s reorder 1%\nat 3s say \"a \\\" b\"\n",
        "at 1s partition n1 n2 | n3 | n4 n5\nat 2s isolate n3\nat 3s freeze n2\nat 4s unfreeze n2\nat 5s timeout n4 # late\n",
    ].map { Array($0.utf8) }

    @Test(.timeLimit(.minutes(Fuzzer.minutesAllowed)))
    func scripts() {
        FuzzTests.run(FuzzTests.scriptSeeds, seed: 1) { index, input in
            do throws(InputError) {
                let text = try TextFile.decode(input, source: "fuzz.txt", kind: "script")
                let scenario = try ScenarioParser(source: "fuzz.txt", nodeCount: 5).parse(text)
                // A script that parses also runs: its steps queued (lazily) and a few steps taken.
                let simulator = Simulator<RaftNode>(config: SimulationConfig(nodeCount: 5, seed: UInt64(index), node: RaftConfig()))
                scenario.schedule(on: simulator, until: .seconds(3_600))
                for _ in 0..<20 { simulator.step() }
            } catch {
                FuzzTests.expectGood(error, source: "fuzz.txt", input: index)
            }
        }
    }

    // MARK: - Themes

    @Test(.timeLimit(.minutes(Fuzzer.minutesAllowed)))
    func themes() {
        FuzzTests.run(FuzzTests.files("themes", ".toml").map(FuzzTests.bytes), seed: 2) { index, input in
            do throws(InputError) {
                _ = try ThemeLoader.parse(try TextFile.decode(input, source: "fuzz.toml", kind: "theme"), source: "fuzz.toml")
            } catch {
                FuzzTests.expectGood(error, source: "fuzz.toml", input: index)
            }
        }
    }

    // MARK: - Histories

    static let historySeeds: [[UInt8]] = {
        var seeds = [
            "INFO  jepsen.util - 1\t:invoke\t:write\t1\nINFO  jepsen.util - 1\t:ok\t:write\t1\nINFO  jepsen.util - 2\t:invoke\t:cas\t[1 2]\n"
                + "INFO  jepsen.util - 2\t:fail\t:cas\t[1 2]\nINFO  jepsen.util - 3\t:invoke\t:read\tnil\nINFO  jepsen.util - 3\t:info\t:read\tnil\n",
            "{:process 0, :type :invoke, :f :put, :key \"k\", :value \"x\"}\n{:process 0, :type :ok, :f :put, :key \"k\", :value \"x\"}\n"
                + "{:process 1, :type :invoke, :f :get, :key \"k\", :value nil}\n{:process 1, :type :ok, :f :get, :key \"k\", :value \"x\"}\n",
        ].map { Array($0.utf8) }
        let corpus = PorcupineCorpus.directory
        for folder in ["jepsen", "kv"] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(folder).path)) ?? []).sorted()
            seeds += names.prefix(12).map { head(bytes(corpus.appendingPathComponent(folder).appendingPathComponent($0)), lines: 40) }
        }
        return seeds
    }()

    @Test(.timeLimit(.minutes(Fuzzer.minutesAllowed)))
    func histories() {
        FuzzTests.run(FuzzTests.historySeeds, seed: 3) { index, input in
            do throws(InputError) {
                let text = try TextFile.decode(input, source: "fuzz.log", kind: "history")
                for format in HistoryFormat.allCases {
                    guard let operations = try? format.parse(text, source: "fuzz.log") else { continue }
                    // Small parsed histories are checked too: the checkers must take whatever parses.
                    guard operations.count <= 24 else { continue }
                    let result = LinearizabilityChecker(model: format.model, timeoutSeconds: 0.05).check(operations)
                    _ = SessionGuarantees.check(operations, linearizable: result.verdict == .linearizable)
                }
                if let format = HistoryFormat.detect(text) { _ = try format.parse(text, source: "fuzz.log") }
            } catch {
                FuzzTests.expectGood(error, source: "fuzz.log", input: index)
            }
        }
    }

    // MARK: - Recordings

    static let recordingSeeds: [[UInt8]] = files("recordings", ".jsonl").map { head(bytes($0), lines: 14, keepLast: true) } + [
        Array(#"""
        {"config":{"checkQuorum":"true","clients":"1","duplicationPerMillion":"0","durationMicros":"2000000","electionTimeoutMaxMicros":"300000","electionTimeoutMinMicros":"150000","heartbeatIntervalMicros":"50000","latencyMaxMicros":"25000","latencyMinMicros":"5000","lossPerMillion":"0","maxEntriesPerAppend":"64","preVote":"false","reorderingPerMillion":"0","scriptHorizonMicros":"2000000","staleReads":"false"},"format":"quorum-recording","nodes":3,"protocol":"raft","quorum":"0.1.0","script":"at 1s kill n1\n","scriptName":"s.txt","seed":1,"version":2}
        {"action":"heal","step":3,"t":1000,"type":"input"}
        {"client":0,"i":0,"kind":"invoke","op":0,"operation":"set z 0","t":22430,"text":"c1 invoke op0 set z 0","type":"event"}
        {"client":0,"detail":"ok","i":1,"kind":"complete","op":0,"operation":"set z 0","output":"done","t":32430,"text":"c1 complete op0 ok done","type":"event"}
        {"checksum":"0","events":2,"t":40000,"type":"end"}

        """#.utf8),
    ]

    @Test(.timeLimit(.minutes(Fuzzer.minutesAllowed)))
    func recordings() {
        FuzzTests.run(FuzzTests.recordingSeeds, seed: 4) { index, input in
            do {
                let recording = try Recording.read(bytes: input, path: "fuzz.jsonl")
                // What a read recording promises: its history reads, and it re-simulates (or differs) without a trap.
                let history = try recording.clientHistory(path: "fuzz.jsonl")
                _ = LinearizabilityChecker(model: .register, timeoutSeconds: 0.05).check(HistoryAdapter.operations(from: history))
                switch recording.header.protocolName {
                case RaftNode.protocolName: try FuzzTests.resimulate(recording, as: RaftNode.self)
                case GossipNode.protocolName: try FuzzTests.resimulate(recording, as: GossipNode.self)
                default: break
                }
            } catch let error as InputError {
                FuzzTests.expectGood(error, source: "fuzz.jsonl", input: index)
            } catch {
                Issue.record("input \(index): \(error)")
            }
        }
    }

    static func resimulate<Node: RunnableNode>(_ recording: Recording, as protocol: Node.Type) throws(InputError) {
        let plan = try RunPlan<Node>(recording: recording.header, path: "fuzz.jsonl")
        let inputs = try ReplayScript<Node>.inputs(recording.inputs, config: plan.config, path: "fuzz.jsonl")
        _ = Replayer.firstDifference(recording, plan: plan, inputs: inputs)
        // The replay drawn from the recording alone (its state lines): every step drawn.
        guard !recording.states.isEmpty, let script = try? ReplayLauncher.replayScript(recording, plan: plan, path: "fuzz.jsonl"),
              let setup = try? ReplayLauncher.recordedSetup(recording, script: script, path: "fuzz.jsonl") else { return }
        let session = RecordedSession(setup, state: UIState(), at: 0)
        var buffer = CellBuffer(width: 100, height: 30)
        for event in 0...UInt64(recording.events.count) {
            session.seek(toEvent: event)
            FrameRenderer.render(session.snapshot(), into: &buffer)
        }
    }

    // MARK: - Command line values

    static let optionSeeds: [[UInt8]] = ["2s", "10.5s", "300ms", "250us", "1m", "0ms", "5ms..25ms", "10ms", "0.05", "5%", "1..100", "17",
                                         "1000000000s", "0.000001s"].map { Array($0.utf8) }

    @Test(.timeLimit(.minutes(Fuzzer.minutesAllowed)))
    func optionValues() {
        FuzzTests.run(FuzzTests.optionSeeds, seed: 5) { index, input in
            let text = String(decoding: input, as: UTF8.self)
            if let micros = DurationParsing.micros(Substring(text)) { #expect((0...DurationParsing.maxMicros).contains(micros), "input \(index)") }
            if let range = DurationParsing.range(Substring(text)) { #expect(range.min >= 0 && range.max <= DurationParsing.maxMicros, "input \(index)") }
            if let probability = Probability(parsing: Substring(text)) { #expect((0...1_000_000).contains(probability.perMillion)) }
            do throws(InputError) { _ = try parseDuration("--duration", text) } catch {
                FuzzTests.expectGood(error, source: "--duration", input: index, needsLine: false)
            }
            do throws(InputError) { _ = try parseDuration("--clock-skew", text, allowZero: true) } catch {
                FuzzTests.expectGood(error, source: "--clock-skew", input: index, needsLine: false)
            }
            var options = NetworkOptions()
            options.latency = text
            options.loss = text
            do throws(InputError) { _ = try options.settings() } catch {
                FuzzTests.expectGood(error, source: "--", input: index, needsLine: false)
            }
            do throws(InputError) { _ = try SeedRange(parsing: text) } catch {
                FuzzTests.expectGood(error, source: "--seeds", input: index, needsLine: false)
            }
        }
    }
}

/// The built binary on a sample of fuzzed files: exit 0, 1, 2 or 3 only; an exit 2 prints one line
/// naming the file; no control character reaches either stream. QUORUM_FUZZ_CLI sets the sample
/// per parser (10 by default: each is a process).
@Suite("Fuzzed files through the command line", .serialized)
struct FuzzCommandLineTests {
    static var sample: Int { ProcessInfo.processInfo.environment["QUORUM_FUZZ_CLI"].flatMap(Int.init) ?? 10 }

    static func check(_ seeds: [[UInt8]], seed: UInt64, name: String, _ arguments: (String) -> [String]) throws {
        try check(seeds, seed: seed, name: name) { [arguments($0)] }
    }

    static func check(_ seeds: [[UInt8]], seed: UInt64, name: String, _ arguments: (String) -> [[String]]) throws {
        var fuzzer = Fuzzer(seed: seed, seeds: seeds)
        for index in 0..<sample {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)-\(name)").path
            try Data(fuzzer.next()).write(to: URL(fileURLWithPath: path))
            for command in arguments(path) {
                let output = try QuorumBinary.run(command)
                let context = "input \(index): quorum \(command.joined(separator: " ")): \(output.status) \(output.stderr)"
                #expect([0, 1, 2, 3].contains(output.status), "\(context)")
                if output.status == 2 {
                    #expect(output.stderr.split(separator: "\n").count == 1, "\(context)")
                    #expect(output.stderr.contains(path) || output.stderr.contains("--"), "\(context)")
                }
                let bad = (output.stdout + output.stderr).unicodeScalars.filter { $0 != "\n" && SafeText.isControl($0) }
                #expect(bad.isEmpty, "\(context)")
            }
        }
    }

    @Test func scripts() throws {
        try Self.check(FuzzTests.scriptSeeds, seed: 11, name: "s.txt") { ["run", "raft", "--headless", "--duration", "1s", "--script", $0] }
    }

    @Test func recordings() throws {
        try Self.check(FuzzTests.recordingSeeds, seed: 12, name: "r.jsonl") { [["replay", $0, "--headless"], ["replay", $0, "--verify"]] }
    }

    @Test func histories() throws {
        try Self.check(FuzzTests.historySeeds, seed: 13, name: "h.log") { ["check", $0, "--timeout", "1s"] }
    }

    @Test func themes() throws {
        try Self.check(FuzzTests.files("themes", ".toml").map(FuzzTests.bytes), seed: 14, name: "t.toml") { ["run", "raft", "--theme", $0] }
    }
}

/// Where the Porcupine corpus is (../shared beside the repository, or QUORUM_CORPUS); the fuzzer
/// adds its files to the seeds when it is there.
enum PorcupineCorpus {
    static let directory = ProcessInfo.processInfo.environment["QUORUM_CORPUS"].map { URL(fileURLWithPath: $0) }
        ?? FuzzTests.root.deletingLastPathComponent().appendingPathComponent("shared/corpus/porcupine")
}
