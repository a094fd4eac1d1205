import ArgumentParser
import Foundation
import QuorumCore
import QuorumRecording
import QuorumTerminal
import QuorumUI

/// Opens the live terminal UI on a plan. Everything that can fail on bad input (theme, script,
/// terminal) fails before the screen is touched.
enum LiveLauncher {
    /// Script `every` lines repeat for this long in a live run.
    static let horizon = SimTime.seconds(3_600)

    struct Options {
        var theme = "default"
        var ascii = false
        var speed: Double?
        var paused = false
        /// `--duration` was given: the simulation stops at the plan's duration and says so.
        var stopsAtDuration = false
        /// The room layout of `quorum lesson --projector`.
        var projector = false
    }

    /// `recorder`: the `--record` file, if one was asked for (`R` stops and starts recordings).
    static func run<Node: RunnableNode>(_ plan: RunPlan<Node>, options: Options, script: (name: String?, text: String?),
                                        recorder: RecordingWriter? = nil) throws {
        let theme = try prepareTerminal(theme: options.theme)
        let simulator = plan.makeSimulator(scriptUntil: horizon)
        let speedIndex = options.speed.map(SpeedScale.index(nearest:)) ?? SpeedScale.defaultIndex
        recorder?.attach(to: simulator)
        let session = LiveSession(simulator: simulator, speedIndex: speedIndex, paused: options.paused)
        if options.stopsAtDuration { session.stopTime = plan.duration }
        if !plan.scenario.cues.isEmpty || plan.scenario.lesson.title != nil {
            session.lesson = LessonPlayer(plan.scenario)
            session.lessonRestart = { plan.makeSimulator(scriptUntil: horizon) }
        }
        session.projector = options.projector
        let control = LiveRecorder(plan: plan, scriptName: script.name, scriptText: script.text, writer: recorder)
        control.install(on: session)
        try show(session, theme: theme, ascii: options.ascii, recorder: control)
    }

    /// Everything that can fail before the screen is touched: the theme, then the terminal.
    static func prepareTerminal(theme name: String) throws(InputError) -> Theme {
        let theme = try ThemeLoader.load(name)
        try TerminalScreen.preflight()
        return theme
    }

    /// Runs the UI on a session until quit, with the background checker; a signal that ended it
    /// becomes the exit status 128 + signal.
    /// The recordings are finished after the screen is restored; one that could not be written is
    /// reported then, and the exit status is 1 (unless a signal's).
    static func show<Node>(_ session: FrameSource, theme: Theme, ascii: Bool, recorder: LiveRecorder<Node>) throws {
        session.historyChecker = HistoryCheckWorker()
        let glyphs: Glyphs = ascii || !TerminalScreen.localeIsUTF8 ? .ascii : .unicode
        let screen = TerminalScreen(theme: theme)
        TerminalRunner.run(session, screen: screen, glyphs: glyphs)
        let failure = recorder.finish()
        if let failure { Console.error("quorum: \(failure)") }
        let signal = screen.stopSignal
        if signal != 0 { throw ExitCodeError(code: 128 + signal) }
        if failure != nil { throw ExitCode(1) }
    }
}

/// Ends the program with a given status and no message.
struct ExitCodeError: Error {
    let code: Int32
}
