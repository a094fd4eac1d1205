import Foundation
import QuorumCore
import QuorumRecording
import QuorumUI

/// The `R` key: starts recording a live run (or a fork of a replay) into
/// `recordings/<protocol>-<seed>-<date>.jsonl`, and stops it. A recording started late still holds
/// the whole run: the run so far is re-simulated from its seed, script and inputs into the file,
/// and from then on the live simulator feeds it.
final class LiveRecorder<Node: RunnableNode> {
    private let plan: RunPlan<Node>
    private let scriptName: String?
    private let scriptText: String?
    private let directory: String
    /// How far ahead the session's simulator scheduled the script's `every` lines.
    private let scriptHorizon: SimTime
    /// The file being written, if any.
    private(set) var writer: RecordingWriter?

    init(plan: RunPlan<Node>, scriptName: String?, scriptText: String?, scriptHorizon: SimTime = LiveLauncher.horizon,
         directory: String = "recordings", writer: RecordingWriter? = nil) {
        self.plan = plan
        self.scriptHorizon = scriptHorizon
        self.scriptName = scriptName
        self.scriptText = scriptText
        self.directory = directory
        self.writer = writer
    }

    /// The first recording that could not be written: "cannot write the recording PATH: REASON".
    private(set) var failure: String?

    /// A late recording writing the run so far, a slice of wall time per frame so the UI stays
    /// responsive and shows how far it got; the live run goes on meanwhile, and is caught up with.
    private struct CatchUp {
        let writer: RecordingWriter
        let shadow: Simulator<Node>
        var nextInput = 0
    }
    private var catchUp: CatchUp?
    private weak var catchUpSession: LiveSession<Node>?
    /// Wall time the catch-up may take per frame.
    var catchUpSliceNanos: UInt64 = 40_000_000

    /// True while a late recording is still writing the run so far.
    var isCatchingUp: Bool { catchUp != nil }
    /// Writing, or still writing the run so far: either way the session follows one run, so it
    /// must not go back in time (the writer would follow the wrong one).
    var isRecording: Bool { writer != nil || catchUp != nil }

    /// Installs the `R` key on a session. A write error stops the recording at once: the header
    /// says `REC FAILED` from then on and the caption line why.
    func install(on session: LiveSession<Node>) {
        session.recording = writer != nil
        session.recordingFailure = failure
        session.afterAdvance = { [unowned self, unowned session] in
            if self.catchUp != nil {
                session.tell(self.continueCatchUp(session))
                session.recording = self.isRecording
            }
            self.writer?.flushIfStale()
            if self.writer?.writeError != nil || self.catchUp?.writer.writeError != nil { session.update(.toggleRecording) }
        }
        session.recordingToggle = { [unowned self, unowned session] in
            let message = self.toggle(session)
            session.recording = self.isRecording
            session.recordingFailure = self.failure
            return message
        }
    }

    func toggle(_ session: LiveSession<Node>) -> String {
        if let catchUp {
            self.catchUp = nil
            catchUp.writer.finish()
            if let message = noteFailure(of: catchUp.writer) { return message + "; the recording stopped" }
            try? FileManager.default.removeItem(atPath: catchUp.writer.path)  // it held only part of the run
            return "recording cancelled"
        }
        if let writer {
            writer.finish()
            self.writer = nil
            if let message = noteFailure(of: writer) { return message + "; the recording stopped" }
            return "recording stopped: \(writer.path)"
        }
        if session.inputsOverflowed {
            return "cannot record this run from its start: more than \(session.inputLimit) keys to re-simulate (start with --record)"
        }
        do {
            let path = try freshPath()
            let writer = try RecordingWriter(path: path, header: plan.recordingHeader(scriptName: scriptName, scriptText: scriptText,
                                                                                     scriptHorizon: scriptHorizon))
            let shadow = plan.makeSimulator(scriptUntil: scriptHorizon)
            writer.attach(to: shadow)
            catchUp = CatchUp(writer: writer, shadow: shadow)
            catchUpSession = session
            return continueCatchUp(session)
        } catch {
            return "cannot record: \(error)"
        }
    }

    /// Re-simulates the run so far into the file for one slice of wall time (same seed and script,
    /// the same inputs after the same steps), chasing the live run; once level with it, the live
    /// simulator feeds the file. Returns the progress to show, or where the recording goes.
    private func continueCatchUp(_ session: LiveSession<Node>) -> String {
        guard var work = catchUp else { return "" }
        let deadline = DispatchTime.now().uptimeNanoseconds + catchUpSliceNanos
        let inputs = session.appliedInputs
        let target = session.simulator.stepCount
        var steps = 0
        while true {
            while work.nextInput < inputs.count, inputs[work.nextInput].step <= work.shadow.stepCount {
                let input = inputs[work.nextInput]
                if input.step == work.shadow.stepCount {
                    work.shadow.advanceClock(to: input.time)
                    work.shadow.performInteractive(input.action)
                }
                work.nextInput += 1
            }
            guard work.shadow.stepCount < target, work.shadow.step() else { break }
            steps += 1
            if steps % 1_024 == 0, DispatchTime.now().uptimeNanoseconds > deadline {
                catchUp = work
                let percent = Int(100 * Double(work.shadow.stepCount) / Double(max(1, target)))
                return "recording: writing the run so far, \(percent)% (R cancels)"
            }
        }
        catchUp = nil
        work.writer.attach(to: session.simulator)
        writer = work.writer
        return "recording to \(work.writer.path) (R stops)"
    }

    /// Finishes the recording under way, if any; returns the first write error of any recording
    /// of this run, for the program to report on exit.
    func finish() -> String? {
        if catchUp != nil, let session = catchUpSession {  // quit before it caught up: complete it first
            catchUpSliceNanos = .max / 2
            _ = continueCatchUp(session)
        }
        if let writer {
            writer.finish()
            _ = noteFailure(of: writer)
            self.writer = nil
        }
        return failure
    }

    /// Remembers a writer's error (the first one wins); returns its message.
    private func noteFailure(of writer: RecordingWriter) -> String? {
        guard let reason = writer.writeError else { return nil }
        let message = "cannot write the recording \(writer.path): \(reason)"
        if failure == nil { failure = message }
        return message
    }

    /// `recordings/raft-1-20261124-231502.jsonl`, with a suffix if that exists already.
    private func freshPath() throws(InputError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw InputError(source: directory, message: "cannot create the folder")
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let stem = "\(directory)/\(Node.protocolName)-\(plan.config.seed)-\(formatter.string(from: Date()))"
        var path = stem + ".jsonl"
        var suffix = 2
        while FileManager.default.fileExists(atPath: path) {
            path = "\(stem)-\(suffix).jsonl"
            suffix += 1
        }
        return path
    }
}
