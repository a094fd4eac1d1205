import ArgumentParser
import Foundation
import QuorumCore
import QuorumRecording

/// `quorum lesson`: the shelf of lessons. Without a name it lists them; with a name (or a path) it
/// plays one live, or headless, judging every `expect` and prediction against the simulation.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "List the lessons, play one live, or check one headless.",
        discussion: """
            'quorum lesson' lists the lessons of the shelf (title, topic, length at the lesson's pace). \
            'quorum lesson NAME' (or a path to a lesson file) plays it live: space continues after a pause, \
            1-9 answer a prediction, n and N move between chapters. With --headless every expect and \
            prediction is judged and printed; the exit status is 1 if one fails. \
            '--remake-recordings' re-records every recording in recordings/ whose script is a lesson.
            """)

    @Argument(help: ArgumentHelp("A lesson's name on the shelf, or a path to a lesson file.", valueName: "name|path"))
    var lesson: String?

    @Flag(help: "Run without a terminal, judge every expect and prediction, print each with its result.")
    var headless = false

    @Option(help: ArgumentHelp("Record the run (JSON Lines) to this file (with --headless).", valueName: "file"))
    var record: String?

    @Flag(help: "Re-record every recording in recordings/ whose script is a lesson, each from its lesson.")
    var remakeRecordings = false

    @Flag(help: "A layout for a room: the projector theme (light, with its own background), a larger cluster, a caption band.")
    var projector = false

    @OptionGroup(title: "Live UI") var look: LookOptions

    func run() throws {
        if remakeRecordings { return try LessonShelf.remakeRecordings() }
        guard let lesson else { return Console.out(try LessonShelf.listing()) }
        let path = try LessonShelf.resolve(lesson)
        let text = try TextFile.read(path, kind: "lesson")
        let header = try LessonShelf.header(path: path, text: text)
        guard let words = header.runWords, let name = words.first else {
            throw InputError(source: path, line: 1, column: 1, message: "a lesson needs a 'run' line naming its protocol and options, as in run raft --clients 0 --duration 9s")
        }
        guard let descriptor = ProtocolRegistry.descriptor(named: name) else {
            throw InputError(source: path, line: header.runLine, column: 5, message: "unknown protocol '\(name)' (\(ProtocolRegistry.names))")
        }
        if headless {
            if projector || !look.given.isEmpty { throw InputError(source: "--headless", message: "draws nothing: leave out --projector, --theme and --ascii") }
            let passed = try descriptor.checkLesson(path: path, text: text, header: header, record: record, print: { Console.out($0) })
            if !passed { throw ExitCode(1) }
            return
        }
        if record != nil { throw InputError(source: "--record", message: "records a headless lesson (add --headless); live, press R") }
        try descriptor.playLesson(path: path, text: text, header: header, theme: look.theme ?? (projector ? "projector" : "default"),
                                  ascii: look.ascii, projector: projector)
    }
}

extension ProtocolDescriptor {
    /// The plan of a lesson: its `run` line parsed as `quorum run <protocol>` would parse it.
    static func lessonPlan(path: String, header: LessonHeader) throws(InputError) -> RunPlan<Node> {
        let words = Array((header.runWords ?? []).dropFirst()) + ["--script", path]
        let command: RunProtocolCommand<Self>
        do {
            command = try RunProtocolCommand<Self>.parse(words)
        } catch {
            let message = RunProtocolCommand<Self>.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid options"
            throw InputError(source: path, line: header.runLine, column: 1, message: "run: \(message)")
        }
        var plan = try command.makePlan()
        if command.common.duration == nil { plan.duration = max(plan.scenario.lastOneShotTime, plan.scenario.cues.last?.at ?? .zero).adding(micros: 1_000_000) }
        plan.linearizabilityBudgetSeconds = nil
        return plan
    }

    static func checkLesson(path: String, text: String, header: LessonHeader, record: String?, print: (String) -> Void) throws -> Bool {
        let plan = try lessonPlan(path: path, header: header)
        let recorder = try record.map { file throws in
            try RecordingWriter(path: file, header: plan.recordingHeader(scriptName: path, scriptText: text, scriptHorizon: plan.duration),
                                protecting: [("lesson", path)])
        }
        let checks = LessonRunner.run(plan, recorder: recorder)
        print("\(header.title ?? path) (\(path)): \(checks.count) checks")
        for check in checks { print(check.line(path: path)) }
        let failed = checks.filter { !$0.holds }.count
        print(failed == 0 ? "all \(checks.count) hold" : "\(failed) of \(checks.count) fail")
        return failed == 0
    }

    static func playLesson(path: String, text: String, header: LessonHeader, theme: String, ascii: Bool, projector: Bool) throws {
        let plan = try lessonPlan(path: path, header: header)
        try LiveLauncher.run(plan, options: .init(theme: theme, ascii: ascii, speed: nil, paused: false, stopsAtDuration: true, projector: projector),
                             script: (path, text))
    }
}
