import Foundation
import QuorumCore
import QuorumRecording
import QuorumUI

/// Where lessons are found, and what the shelf says about each: the `lessons/` directory of the
/// working directory, else the one beside the program's package (a built `quorum` finds its own).
enum LessonShelf {
    static func directory() -> String? {
        var candidates = [FileManager.default.currentDirectoryPath + "/lessons"]
        var url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        for _ in 0..<5 {
            url.deleteLastPathComponent()
            candidates.append(url.appendingPathComponent("lessons").path)
        }
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// Every lesson file of the shelf, sorted by name: `lessons/`, then the scenarios beside it
    /// that are lessons too (they have a `run` line).
    static func files() -> [String] {
        guard let directory = directory() else { return [] }
        let scenarios = URL(fileURLWithPath: directory).deletingLastPathComponent().appendingPathComponent("scenarios").path
        return textFiles(in: directory) + textFiles(in: scenarios).filter { path in
            (try? TextFile.read(path, kind: "lesson")).map { TextFile.lines($0).contains { $0.hasPrefix("run ") } } ?? false
        }
    }

    private static func textFiles(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { directory + "/" + $0 }
    }

    /// A name on the shelf (`05-leader-election`, or without its number: `leader-election`), or a path.
    static func resolve(_ name: String) throws(InputError) -> String {
        if FileManager.default.fileExists(atPath: name) { return name }
        let match = files().first { path in
            let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return base == name || base.drop { $0.isNumber || $0 == "-" } == Substring(name)
        }
        guard let match else {
            throw InputError(source: name, message: "no such lesson or file ('quorum lesson' lists the lessons)")
        }
        return match
    }

    /// The header of a lesson (title, topic, run line), read without knowing its protocol.
    static func header(path: String, text: String) throws(InputError) -> LessonHeader {
        var header = LessonHeader()
        let nodeCount = 64
        for (offset, line) in TextFile.lines(text).enumerated() where line.hasPrefix("title") || line.hasPrefix("topic") || line.hasPrefix("run") {
            let parsed = try ScenarioParser(source: path, nodeCount: nodeCount).parse(String(repeating: "\n", count: offset) + String(line))
            header.title = header.title ?? parsed.lesson.title
            header.topic = header.topic ?? parsed.lesson.topic
            if header.runWords == nil, parsed.lesson.runWords != nil {
                header.runWords = parsed.lesson.runWords
                header.runLine = parsed.lesson.runLine
            }
        }
        return header
    }

    /// Wall time at the lesson's pace: each stretch of simulated time at the speed then in force
    /// (1/20x until a `speed`), plus a reading pause of 10 s per prediction and 5 s per `pause`.
    static func wallSeconds(_ scenario: Scenario, duration: SimTime) -> Double {
        var speed = Double(SpeedScale.steps[SpeedScale.defaultIndex].numerator) / Double(SpeedScale.steps[SpeedScale.defaultIndex].denominator)
        var seconds = 0.0
        var last = SimTime.zero
        for cue in scenario.cues where cue.at <= duration {
            seconds += Double(cue.at.micros - last.micros) / 1e6 / speed
            last = cue.at
            switch cue.kind {
            case .speed(let factor):
                let step = SpeedScale.steps[SpeedScale.index(nearest: factor)]
                speed = Double(step.numerator) / Double(step.denominator)
            case .pause: seconds += 5
            case .predict: seconds += 10
            default: break
            }
        }
        return seconds + Double(max(0, duration.micros - last.micros)) / 1e6 / speed
    }

    /// `quorum lesson`: one line per lesson.
    static func listing() throws -> String {
        let files = files()
        guard !files.isEmpty else { return "no lessons found (a lessons/ directory of .txt files; any lesson file runs by its path)" }
        var lines = ["Lessons (quorum lesson NAME plays one live; --headless checks every expect):", ""]
        let width = files.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent.count }.max() ?? 0
        var section = ""
        for path in files {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
            if folder != section {
                if !section.isEmpty { lines += ["", "From \(folder)/:"] }
                section = folder
            }
            let text = try TextFile.read(path, kind: "lesson")
            let header = try header(path: path, text: text)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            var length = "?"
            if let protocolName = header.runWords?.first, let descriptor = ProtocolRegistry.descriptor(named: protocolName) {
                length = try descriptor.lessonLength(path: path, header: header)
            }
            lines.append("  \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(length.padding(toLength: 6, withPad: " ", startingAt: 0)) "
                         + "\(header.topic ?? "")\(header.topic == nil ? "" : ": ")\(header.title ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    /// Re-records every recording in `recordings/` whose script is a lesson with a `run` line, then
    /// records each lesson of `lessons/` that no recording names yet, as `recordings/NAME.jsonl`.
    static func remakeRecordings() throws {
        let directory = "recordings"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        var recorded: [String] = []
        for name in names {
            let path = directory + "/" + name
            guard let recording = try? Recording.read(path), let script = recording.header.scriptName,
                  FileManager.default.fileExists(atPath: script) else { continue }
            if try remake(path, from: script) { recorded.append(script) }
        }
        for script in textFiles(in: "lessons") where !recorded.contains(script) {
            let name = URL(fileURLWithPath: script).deletingPathExtension().lastPathComponent
            _ = try remake(directory + "/" + name + ".jsonl", from: script)
        }
    }

    /// Records `script` headless to `path`; false when the script is not a lesson with a `run` line.
    private static func remake(_ path: String, from script: String) throws -> Bool {
        let text = try TextFile.read(script, kind: "lesson")
        let lesson = try LessonShelf.header(path: script, text: text)
        guard let protocolName = lesson.runWords?.first, let descriptor = ProtocolRegistry.descriptor(named: protocolName) else { return false }
        let passed = try descriptor.checkLesson(path: script, text: text, header: lesson, record: path, print: { _ in })
        Console.out("\(path) <- \(script)\(passed ? "" : " (an expect fails: quorum lesson \(script) --headless)")")
        return true
    }
}

extension ProtocolDescriptor {
    static func lessonLength(path: String, header: LessonHeader) throws -> String {
        let plan = try lessonPlan(path: path, header: header)
        let seconds = Int(LessonShelf.wallSeconds(plan.scenario, duration: plan.duration).rounded())
        return "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s"
    }
}
