import Foundation
import QuorumCore
@testable import QuorumKit
import QuorumRaft
import QuorumRecording
import QuorumUI
import Testing

/// Every input a person can hand Quorum gets the right answer or one clear line naming the file,
/// line and field, with exit code 2 (issue 12, input side).
@Suite("Hostile and unusual input", .serialized)
struct InputHardeningTests {
    static let root = QuorumBinary.repositoryRoot

    static func shipped(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// One line on standard error, exit 2, and no backtrace.
    static func expectRefused(_ output: QuorumBinary.Output, naming expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == 2, "\(output.stderr)", sourceLocation: sourceLocation)
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(output.stderr)", sourceLocation: sourceLocation)
        #expect(output.stderr.contains(expected), "\(output.stderr)", sourceLocation: sourceLocation)
        #expect(!output.stderr.contains("Fatal error") && !output.stderr.contains("crashed"), sourceLocation: sourceLocation)
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("quorum-\(UUID().uuidString)-\(name)").path
    }

    static func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = temporaryPath(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func windows(_ text: String) -> String { "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") }

    /// A shipped recording, each line rewritten by `edit` (line number from 1; nil drops it).
    static func editedRecording(_ name: String, _ edit: (Int, String) -> String?) throws -> String {
        let text = try String(contentsOfFile: shipped("recordings/\(name).jsonl"), encoding: .utf8)
        let lines = text.split(separator: "\n").enumerated().compactMap { edit($0.offset + 1, String($0.element)) }
        let path = temporaryPath("\(name).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    // MARK: - Line ends and byte order marks

    /// Before: a CRLF script whose first line is a comment was one comment line, and did nothing.
    @Test func crlfScriptStartingWithACommentRunsTheSame() throws {
        let script = "# the leader crashes\nat 1s kill leader\nat 2s say \"down\"\n"
        let run = { (text: String) throws -> String in
            let path = try QuorumBinary.temporaryFile("s.txt", text)
            let output = try QuorumBinary.run(["run", "raft", "--headless", "--json", "--digest", "--duration", "3s", "--script", path])
            #expect(output.status == 0, "\(output.stderr)")
            return output.stdout.replacingOccurrences(of: #""eventsPerSecond":[0-9.e+]+"#, with: "", options: .regularExpression)
        }
        let lf = try run(script)
        #expect(try run(InputHardeningTests.windows(script)) == lf)
        #expect(try run("# nothing\n") != lf, "the script has an effect to compare")
    }

    /// Before: a CRLF recording was refused (`unknown line type`).
    @Test(arguments: ["leader-crash", "gossip-siblings"])
    func crlfRecordingReplaysTheSame(name: String) throws {
        let text = try String(contentsOfFile: InputHardeningTests.shipped("recordings/\(name).jsonl"), encoding: .utf8)
        let path = InputHardeningTests.temporaryPath("\(name).jsonl")
        try InputHardeningTests.windows(text).write(toFile: path, atomically: true, encoding: .utf8)
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let summary = try QuorumBinary.run(["replay", path, "--headless"])
        let original = try QuorumBinary.run(["replay", InputHardeningTests.shipped("recordings/\(name).jsonl"), "--headless"])
        #expect(summary.stderr.isEmpty, "\(summary.stderr)")
        let withoutSpeed = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("events") }.joined(separator: "\n") }
        #expect(withoutSpeed(summary.stdout) == withoutSpeed(original.stdout))
    }

    /// Any valid JSON line reads the same: here every line of a recording with spaces after `:` and `,`.
    @Test func recordingWithSpacedJSONReadsTheSame() throws {
        let path = try InputHardeningTests.editedRecording("leader-crash") { _, line in InputHardeningTests.spaced(line) }
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(#"{"clock": ["#))
    }

    /// `{"a":"x,y"}` -> `{"a": "x,y"}`: a space after every `:` and `,` outside strings.
    static func spaced(_ line: String) -> String {
        var result = ""
        var inString = false
        var escaped = false
        for character in line {
            result.append(character)
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == ":" || character == "," {
                result.append(" ")
            }
        }
        return result
    }

    @Test func crlfHistoryGivesTheSameVerdictThroughTheCommand() throws {
        let history = "INFO  jepsen.util - 1\t:invoke\t:write\t1\nINFO  jepsen.util - 1\t:ok\t:write\t1\n"
            + "INFO  jepsen.util - 2\t:invoke\t:read\tnil\nINFO  jepsen.util - 2\t:ok\t:read\t2\n"
        let lf = try QuorumBinary.run(["check", try QuorumBinary.temporaryFile("h.log", history)])
        let crlf = try QuorumBinary.run(["check", try QuorumBinary.temporaryFile("h.log", InputHardeningTests.windows(history))])
        #expect(lf.status == 1)
        #expect(crlf.status == 1, "\(crlf.stdout)")
        #expect(crlf.stdout.contains("(2 operations"))
    }

    // MARK: - Durations

    /// Before: each trapped with a backtrace (64-bit overflow).
    @Test(arguments: [
        (["run", "raft", "--headless", "--duration", "153722867281m"], "--duration"),
        (["run", "raft", "--headless", "--latency", "999999999999m"], "--latency"),
        (["run", "raft", "--headless", "--latency", "1ms..999999999999m"], "--latency"),
        (["sweep", "raft", "--seeds", "1..1", "--safety", "999999999999m"], "--safety"),
        (["run", "gossip", "--headless", "--clock-skew", "999999999999m"], "--clock-skew"),
    ])
    func overflowingDurationIsOneLine(arguments: [String], option: String) throws {
        let output = try QuorumBinary.run(arguments)
        InputHardeningTests.expectRefused(output, naming: "\(option): '")
        #expect(output.stderr.contains("too long"))
    }

    @Test func overflowingCheckTimeoutAndScriptTime() throws {
        let history = try QuorumBinary.temporaryFile("h.log", "INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:read\tnil\n")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["check", history, "--timeout", "999999999999m"]), naming: "--timeout")
        let script = try QuorumBinary.temporaryFile("s.txt", "at 999999999999m kill n1\n")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["run", "raft", "--headless", "--script", script]), naming: "s.txt:1:4: '999999999999m' is too long")
    }

    @Test func negativeLatencyIsRefused() throws {
        InputHardeningTests.expectRefused(try QuorumBinary.run(["run", "raft", "--headless", "--latency=-5ms..25ms"]), naming: "--latency")
        let path = try InputHardeningTests.editedRecording("leader-crash") { number, line in
            number == 1 ? line.replacingOccurrences(of: #""latencyMinMicros":"5000""#, with: #""latencyMinMicros":"-5000""#) : line
        }
        InputHardeningTests.expectRefused(try QuorumBinary.run(["replay", path, "--headless"]), naming: ":1: field 'config.latencyMinMicros'")
    }

    // MARK: - Recording headers and lines

    /// Before: each trapped (or, for the seed, read -1 as 2^64-1). Now the field is named.
    @Test(arguments: [
        (#""electionTimeoutMinMicros":"150000""#, #""electionTimeoutMinMicros":"400000""#, "field 'config.electionTimeoutMaxMicros'"),
        (#""maxEntriesPerAppend":"64""#, #""maxEntriesPerAppend":"-1""#, "field 'config.maxEntriesPerAppend'"),
        (#""maxEntriesPerAppend":"64""#, #""maxEntriesPerAppend":"9223372036854775807""#, "field 'config.maxEntriesPerAppend'"),
        (#""heartbeatIntervalMicros":"50000""#, #""heartbeatIntervalMicros":"9223372036854775807""#, "field 'config.heartbeatIntervalMicros'"),
        (#""seed":"#, #""seed":-1,"x":"#, "field 'seed'"),
        (#""nodes":5"#, #""nodes":0"#, "field 'nodes'"),
        (#""durationMicros":"#, #""durationMicros":"-1","y":"#, "field 'config.durationMicros'"),
    ])
    func badRaftHeaderFieldIsNamed(original: String, replacement: String, field: String) throws {
        let path = try InputHardeningTests.editedRecording("leader-crash") { number, line in
            number == 1 ? line.replacingOccurrences(of: original, with: replacement) : line
        }
        for mode in ["--headless", "--verify"] {
            InputHardeningTests.expectRefused(try QuorumBinary.run(["replay", path, mode]), naming: ".jsonl:1: \(field)")
        }
    }

    @Test(arguments: ["-9223372036854775808", "9223372036854775807"])
    func clockSkewAtTheLimitsIsNamed(skew: String) throws {
        let path = try InputHardeningTests.editedRecording("gossip-lww-skew") { number, line in
            number == 1 ? line.replacingOccurrences(of: #""clockSkewMicros":"80000""#, with: "\"clockSkewMicros\":\"\(skew)\"") : line
        }
        InputHardeningTests.expectRefused(try QuorumBinary.run(["replay", path, "--headless"]), naming: ":1: field 'config.clockSkewMicros'")
    }

    /// The first line of kind `kind` after the header, rewritten.
    static func editFirst(_ kind: String, in name: String, _ edit: @escaping ([String: Any]) -> [String: Any]) throws -> String {
        var done = false
        return try editedRecording(name) { number, line in
            guard number > 1, !done, line.contains("\"kind\":\"\(kind)\"") else { return line }
            done = true
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return String(decoding: try! JSONSerialization.data(withJSONObject: edit(object), options: [.sortedKeys]), as: UTF8.self)
        }
    }

    /// Before: a negative id trapped in the reader, a huge time in the linearizability checker.
    @Test func badEventFieldsAreNamed() throws {
        let negativeID = try InputHardeningTests.editFirst("send", in: "leader-crash") { var o = $0; o["id"] = -3; return o }
        InputHardeningTests.expectRefused(try QuorumBinary.run(["replay", negativeID, "--headless"]), naming: "field 'id': negative")
        let hugeTime = try InputHardeningTests.editFirst("complete", in: "stale-read") { var o = $0; o["t"] = Int64.max - 10; return o }
        InputHardeningTests.expectRefused(try QuorumBinary.run(["check", hugeTime]), naming: "field 't'")
        let backInTime = try InputHardeningTests.editFirst("complete", in: "stale-read") { var o = $0; o["t"] = 1; return o }
        InputHardeningTests.expectRefused(try QuorumBinary.run(["check", backInTime]), naming: "field 't'")
        let unknownOperation = try InputHardeningTests.editFirst("complete", in: "stale-read") { var o = $0; o["op"] = 9999; return o }
        InputHardeningTests.expectRefused(try QuorumBinary.run(["replay", unknownOperation, "--headless"]), naming: "field 'op'")
        let renumbered = try InputHardeningTests.editFirst("deliver", in: "leader-crash") { var o = $0; o["i"] = 5; return o }
        InputHardeningTests.expectRefused(try QuorumBinary.run(["replay", renumbered, "--verify"]), naming: "field 'i'")
    }

    /// A client's operations come one at a time: here op0's completion is made a note, so the
    /// client invokes op1 while op0 is outstanding. Before, the checkers took the history as it came.
    @Test func clientInvokingTwiceIsNamed() throws {
        let path = try InputHardeningTests.editFirst("complete", in: "stale-read") { var o = $0; o["kind"] = "note"; return o }
        InputHardeningTests.expectRefused(try QuorumBinary.run(["check", path]), naming: "field 'client': client 0 invokes operation 1 while operation 0 is outstanding")
    }

    /// Before: an input the re-simulation cannot place trapped in the simulator's clock.
    @Test func inputThatDoesNotFitIsADifferenceNotATrap() throws {
        let path = try InputHardeningTests.editedRecording("leader-crash") { number, line in
            number == 2 ? #"{"action":"heal","step":5,"t":999999,"type":"input"}"# + "\n" + line : line
        }
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("differs"))
        let summary = try QuorumBinary.run(["replay", path, "--headless"])
        #expect(summary.status == 0)
        #expect(summary.stderr.contains("simulates the run differently"))
        let badAction = try InputHardeningTests.editedRecording("leader-crash") { number, line in
            number == 2 ? #"{"action":"kill n9","step":5,"t":999999,"type":"input"}"# + "\n" + line : line
        }
        InputHardeningTests.expectRefused(try QuorumBinary.run(["replay", badAction, "--headless"]), naming: ":2: field 'action'")
    }

    // MARK: - Sizes and encodings

    @Test(arguments: ["/dev/zero", "/dev/urandom"])
    func endlessFilesAreRefused(device: String) throws {
        InputHardeningTests.expectRefused(try QuorumBinary.run(["run", "raft", "--headless", "--script", device]), naming: "\(device)")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["check", device]), naming: "\(device)")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["replay", device, "--headless"]), naming: "\(device):1")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["run", "raft", "--theme", device]), naming: "\(device)")
    }

    @Test func nonUTF8NamesLineAndColumn() throws {
        let script = try InputHardeningTests.write(Array("at 1s heal\nat 2s say \"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8), "bad.txt")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["run", "raft", "--headless", "--script", script]), naming: "bad.txt:2:12: the script is not UTF-8")
        let history = try InputHardeningTests.write(Array("INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:read\t".utf8) + [0xFF] + [0x0A], "bad.log")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["check", history]), naming: "bad.log:2:33:")
        let recording = try String(contentsOfFile: InputHardeningTests.shipped("recordings/leader-crash.jsonl"), encoding: .utf8)
        var bytes = Array(recording.utf8)
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        bytes[secondLine + 3] = 0xFE
        let path = try InputHardeningTests.write(bytes, "bad.jsonl")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["replay", path, "--headless"]), naming: "bad.jsonl:2:4: not UTF-8")
    }

    // MARK: - Options

    /// Before: `Missing value for '--nodes <nodes>'`, and exit 0 for the bench and help.
    @Test func negativeNumbersBadFramesAndUnknownHelpTopics() throws {
        InputHardeningTests.expectRefused(try QuorumBinary.run(["run", "raft", "--headless", "--nodes", "-1"]), naming: "--nodes: '-1' is negative")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["sweep", "raft", "--seeds", "1..2", "--latency", "-5ms..25ms"]), naming: "--latency: '-5ms..25ms' is negative")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["bench", "render", "--width", "0", "--height", "0"]), naming: "--width: 0 is not a frame width")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["bench", "render", "--width", "100000", "--height", "100000"]), naming: "--width: 100000")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["bench", "render", "--height", "100000"]), naming: "--height: 100000")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["help", "bogus"]), naming: "no command 'bogus'")
        InputHardeningTests.expectRefused(try QuorumBinary.run(["help", "run", "bogus"]), naming: "no command 'bogus'")
        let help = try QuorumBinary.run(["help", "run", "raft"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--nodes"))
        InputHardeningTests.expectRefused(try QuorumBinary.run(["sweep", "raft", "--seeds", "0..18446744073709551615"]), naming: "--seeds")
    }

    // MARK: - Escape injection

    static let escape = "\u{1B}]0;pwned\u{07}\u{1B}[2J"

    static func expectNoControlBytes(_ output: QuorumBinary.Output, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = (output.stdout + output.stderr).unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) }
        #expect(bad.isEmpty, "\(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test func scriptErrorsAndTraceCaptionsAreSanitised() throws {
        let bad = try QuorumBinary.temporaryFile("s.txt", "at 1s kill n\(InputHardeningTests.escape)\n")
        let error = try QuorumBinary.run(["run", "raft", "--headless", "--script", bad])
        InputHardeningTests.expectRefused(error, naming: "s.txt:1:12:")
        InputHardeningTests.expectNoControlBytes(error)
        let caption = try QuorumBinary.temporaryFile("s.txt", "at 1s say \"\(InputHardeningTests.escape)\"\n")
        let trace = try QuorumBinary.run(["run", "raft", "--headless", "--trace", "--duration", "2s", "--script", caption])
        #expect(trace.status == 0)
        #expect(trace.stdout.contains("]0;pwned?"))
        InputHardeningTests.expectNoControlBytes(trace)
    }

    @Test func themeHistoryAndVerifyOutputsAreSanitised() throws {
        let theme = try QuorumBinary.temporaryFile("t.toml", "[leader]\nfg\(InputHardeningTests.escape) = 1\n")
        let themeError = try QuorumBinary.run(["run", "raft", "--theme", theme])
        #expect(themeError.status == 2)
        InputHardeningTests.expectNoControlBytes(themeError)
        let history = "INFO  jepsen.util - 1\t:invoke\t:write\t\(InputHardeningTests.escape)\nINFO  jepsen.util - 1\t:ok\t:write\t\(InputHardeningTests.escape)\n"
            + "INFO  jepsen.util - 2\t:invoke\t:read\tnil\nINFO  jepsen.util - 2\t:ok\t:read\tx\(InputHardeningTests.escape)\n"
        let badHistory = "INFO  jepsen.util - 1\t:invoke\t:read\(InputHardeningTests.escape)\tnil\n"
        let historyError = try QuorumBinary.run(["check", try QuorumBinary.temporaryFile("h.log", badHistory)])
        InputHardeningTests.expectRefused(historyError, naming: "h.log:1: unknown function ':read?]0;pwned??[2J'")
        InputHardeningTests.expectNoControlBytes(historyError)
        let check = try QuorumBinary.run(["check", try QuorumBinary.temporaryFile("h.log", history)])
        #expect(check.status == 1)
        #expect(check.stdout.contains("pwned"), "the counterexample quotes the value")
        InputHardeningTests.expectNoControlBytes(check)
        let verify = try QuorumBinary.run(["replay", try InputHardeningTests.editFirst("caption", in: "leader-crash") { var o = $0; o["text"] = "say \(InputHardeningTests.escape)"; return o }, "--verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("pwned"))
        InputHardeningTests.expectNoControlBytes(verify)
    }
}

/// A recording cut short (a crash, `head -n`) compares only the events it holds.
@Suite("Cut-short recordings")
struct CutShortRecordingTests {
    /// Before: 12 of 40 random cuts were called "simulated differently" (the step that made the
    /// last kept event also made events past it), while --verify said every event was identical.
    @Test func everyCutReplaysAsTheSameRun() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: InputHardeningTests.shipped("recordings/leader-crash.jsonl"))))
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        var random = RandomStream(seed: 12)
        let cuts = [287] + (0..<20).map { _ in random.int(in: 2...(lines.count - 2)) }
        var differing: [Int] = []
        for cut in cuts {
            let recording = try Recording.read(bytes: Array(lines.prefix(cut).joined(separator: [0x0A])) + [0x0A], path: "cut.jsonl")
            #expect(recording.footerEvents == nil)
            var plan = try RunPlan<RaftNode>(recording: recording.header, path: "cut.jsonl")
            plan.linearizabilityBudgetSeconds = nil
            let inputs = try ReplayScript<RaftNode>.inputs(recording.inputs, config: plan.config, path: "cut.jsonl")
            let (_, difference) = HeadlessRunner(plan: plan).replay(inputs, recorded: recording.events, endedAt: nil, cutShort: true)
            if difference != nil { differing.append(cut) }
        }
        #expect(differing.isEmpty, "cut after these lines: \(differing)")
    }

    @Test func headOfARecordingSummarisesWithoutTheWarning() throws {
        let text = try String(contentsOfFile: InputHardeningTests.shipped("recordings/leader-crash.jsonl"), encoding: .utf8)
        let path = InputHardeningTests.temporaryPath("c.jsonl")
        try (text.split(separator: "\n").prefix(287).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let output = try QuorumBinary.run(["replay", path, "--headless"])
        #expect(output.status == 0)
        #expect(!output.stderr.contains("simulates the run differently"), "\(output.stderr)")
        #expect(output.stderr.contains("no end line"))
    }
}
