import Foundation
import Testing

/// Recordings: written, verified by re-simulation, summarised, and bad files refused clearly.
@Suite("Recordings", .serialized)
struct RecordingTests {
    static let root = QuorumBinary.repositoryRoot

    /// Every recording shipped in recordings/, by name.
    static let shippedRecordings: [String] = {
        let directory = root.appendingPathComponent("recordings").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".jsonl") }
            .map { String($0.dropLast(".jsonl".count)) }.sorted()
    }()

    @Test(arguments: shippedRecordings)
    func shippedRecordingVerifies(name: String) throws {
        let path = RecordingTests.root.appendingPathComponent("recordings/\(name).jsonl").path
        let output = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("verified"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"kind\":\"caption\""), "each lesson has captions")
    }

    /// Every lesson on the shelf (lessons/, and the scenarios with a `run` line) has a shipped
    /// recording made from it (`quorum lesson --remake-recordings` makes the missing ones).
    @Test func everyLessonHasARecording() throws {
        let recorded = try RecordingTests.shippedRecordings.map { name -> String in
            let text = try String(contentsOfFile: RecordingTests.root.appendingPathComponent("recordings/\(name).jsonl").path, encoding: .utf8)
            let header = try #require(JSONSerialization.jsonObject(with: Data(String(text.prefix { $0 != "\n" }).utf8)) as? [String: Any])
            return header["scriptName"] as? String ?? ""
        }
        var lessons: [String] = []
        for folder in ["lessons", "scenarios"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: RecordingTests.root.appendingPathComponent(folder).path)
            for name in names.sorted() where name.hasSuffix(".txt") {
                let text = try String(contentsOfFile: RecordingTests.root.appendingPathComponent("\(folder)/\(name)").path, encoding: .utf8)
                if text.split(separator: "\n").contains(where: { $0.hasPrefix("run ") }) { lessons.append("\(folder)/\(name)") }
            }
        }
        #expect(lessons.count >= 23, "the shelf holds lessons 1-9, 14 and the scenario lessons")
        for lesson in lessons { #expect(recorded.contains(lesson), "no recording in recordings/ was made from \(lesson)") }
    }

    private func record(_ extra: [String] = []) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).jsonl").path
        let script = try QuorumBinary.temporaryFile("lesson.txt", "at 1s kill leader\nat 1.5s say \"quote \\\" inside\"\nat 2s partition n1 | n2 n3\nat 3s heal\n")
        let output = try QuorumBinary.run(["run", "raft", "--headless", "--nodes", "3", "--duration", "4s", "--script", script, "--record", path] + extra)
        #expect(output.status == 0)
        return path
    }

    /// The shipped stale-read run (recorded with --stale-reads under a partition) is not
    /// linearizable; a safe lesson is.
    @Test func checkReadsRecordings() throws {
        let stale = try QuorumBinary.run(["check", RecordingTests.root.appendingPathComponent("recordings/stale-read.jsonl").path, "--json"])
        #expect(stale.status == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(stale.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "not-linearizable")
        #expect(object["readYourWrites"] as? Bool == false)
        let safe = try QuorumBinary.run(["check", RecordingTests.root.appendingPathComponent("recordings/partition-minority-leader.jsonl").path])
        #expect(safe.status == 0, "\(safe.stdout)")
    }

    @Test func recordVerifyAndSummarise() throws {
        let path = try record()
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)")
        let summary = try QuorumBinary.run(["replay", path, "--headless", "--json"])
        let run = try QuorumBinary.run(["run", "raft", "--headless", "--nodes", "3", "--duration", "4s", "--json",
                                        "--script", try QuorumBinary.temporaryFile("l.txt", "at 1s kill leader\nat 1.5s say \"quote \\\" inside\"\nat 2s partition n1 | n2 n3\nat 3s heal\n")])
        try expectSameSummary(summary.stdout, run.stdout)
    }

    /// Every key of `run --headless --json` but the measured speed, with the same value.
    private func expectSameSummary(_ replayed: String, _ ran: String) throws {
        var a = try #require(JSONSerialization.jsonObject(with: Data(replayed.utf8)) as? [String: Any])
        var b = try #require(JSONSerialization.jsonObject(with: Data(ran.utf8)) as? [String: Any])
        a["eventsPerSecond"] = nil
        b["eventsPerSecond"] = nil
        #expect(a.keys.sorted() == b.keys.sorted())
        let canonical = { (object: [String: Any]) in
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try canonical(a) == canonical(b))
    }

    @Test func gossipSummaryFromARecordingHasEveryKey() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("g-\(UUID().uuidString).jsonl").path
        let arguments = ["run", "gossip", "--headless", "--json", "--duration", "6s", "--seed", "9", "--resolve", "siblings"]
        let run = try QuorumBinary.run(arguments + ["--record", path])
        let summary = try QuorumBinary.run(["replay", path, "--headless", "--json"])
        #expect(summary.status == 0, "\(summary.stderr)")
        try expectSameSummary(summary.stdout, run.stdout)
    }

    /// A recording this Quorum simulates differently is summarised from what it recorded, with a warning.
    @Test func summaryOfARecordingThatNoLongerReSimulates() throws {
        let path = try record()
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: "\"seed\":1,", with: "\"seed\":2,")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let summary = try QuorumBinary.run(["replay", path, "--headless", "--json"])
        #expect(summary.status == 0)
        #expect(summary.stderr.contains("simulates the run differently from event"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any])
        #expect(object["events"] as? Int == lines.filter { $0.hasSuffix("\"type\":\"event\"}") }.count)
        #expect(object["linearizable"] as? Bool == true)
    }

    @Test func truncatedLastLineReplaysWithAWarning() throws {
        let path = try record()
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text.removeLast(40)  // cut into the footer, as a crash would
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let output = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stderr.contains("warning"))
    }

    @Test func corruptMiddleLineNamesTheLine() throws {
        let path = try record()
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[10] = "{\"type\":\"event\", garbage"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let output = try QuorumBinary.run(["replay", path, "--headless"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(path):11: corrupt line"))
    }

    /// Node-state lines nest arrays and are read apart from events: the same rules hold for them.
    @Test func cutAndCorruptStateLines() throws {
        let path = try record()
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let states = lines.indices.filter { lines[$0].hasSuffix("\"type\":\"state\"}") }
        let middle = try #require(states.dropFirst(20).first)
        var corrupt = lines
        corrupt[middle] = corrupt[middle].replacingOccurrences(of: "\"n\":", with: "\"n\":[")
        try corrupt.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try QuorumBinary.run(["replay", path, "--headless"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(path):\(middle + 1): corrupt line"), "\(refused.stderr)")

        let last = try #require(states.last)
        lines = Array(lines[...last])
        lines[last] = String(lines[last].dropLast(25))  // a crash in the middle of a state line
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let cut = try QuorumBinary.run(["replay", path, "--headless"])
        #expect(cut.status == 0)
        #expect(cut.stderr.contains("\(path):\(last + 1): the last line is cut short"), "\(cut.stderr)")
    }

    @Test func tamperedEventIsTheFirstDifference() throws {
        let path = try record()
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.contains("\"kind\":\"crash\"") })
        lines[index] = lines[index].replacingOccurrences(of: "crashed", with: "exploded")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let output = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("differs at event"))
        #expect(output.stdout.contains("exploded"))
    }

    @Test func newerVersionAndNonRecordingsAreRefused() throws {
        let newer = try QuorumBinary.temporaryFile("n.jsonl", "{\"format\":\"quorum-recording\",\"version\":99}\n")
        let output = try QuorumBinary.run(["replay", newer, "--headless"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("version 99 is newer"))
        let other = try QuorumBinary.temporaryFile("o.jsonl", "hello\n")
        let refused = try QuorumBinary.run(["replay", other, "--headless"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("not a Quorum recording"))
    }
}
