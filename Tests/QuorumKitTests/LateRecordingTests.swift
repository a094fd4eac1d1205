import Foundation
import QuorumCore
import QuorumRaft
import QuorumUI
import Testing
@testable import QuorumKit

/// `R` late in a long run writes the run so far a slice per frame, showing how far it got, while
/// the run goes on; the file then replays exactly.
@Suite("Late recording")
struct LateRecordingTests {
    /// A live Raft run (seed 3, three clients) at the top speed, with `R` recording into
    /// `directory` a slice of 1,024 steps per frame while it catches up.
    static func recordedSession(directory: String) -> (LiveSession<RaftNode>, LiveRecorder<RaftNode>) {
        let config = SimulationConfig(nodeCount: 5, seed: 3, workload: RaftNode.workload(clients: 3), node: RaftConfig())
        let plan = RunPlan<RaftNode>(config: config, scenario: .empty, duration: .seconds(30), checkInvariants: false)
        let session = LiveSession(simulator: plan.makeSimulator(scriptUntil: LiveLauncher.horizon), speedIndex: SpeedScale.steps.count - 1)
        let control = LiveRecorder(plan: plan, scriptName: nil, scriptText: nil, directory: directory)
        control.install(on: session)
        control.catchUpSliceNanos = 1
        return (session, control)
    }

    @Test func recordingLateShowsProgressAndCatchesUp() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (session, control) = Self.recordedSession(directory: directory)
        var wall: Int64 = 0
        func frame() {
            wall += 33_000
            session.advance(wallMicros: wall)
        }
        for index in 0..<60 {
            frame()
            if index == 20 { session.handle(.character("K")) }
        }
        for _ in 0..<6 { session.handle(.character("-")) }  // 1x: the catch-up (1,024 steps a frame) outruns the run
        session.handle(.character("R"))
        var progress: [String] = []
        if let status = session.state.status { progress.append(status) }
        var frames = 0
        while control.isCatchingUp, frames < 2_000 {
            frame()
            frames += 1
            if let status = session.state.status, progress.last != status { progress.append(status) }
        }
        #expect(frames > 3, "the catch-up took several frames")
        #expect(progress.first?.contains("writing the run so far") == true, "\(progress.prefix(3))")
        #expect(progress.last?.contains("recording to") == true)
        #expect(session.recording)
        for _ in 0..<10 { frame() }
        session.handle(.character("R"))
        let path = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first.map { directory + "/" + $0 })
        let verify = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    /// While `R` is still writing the run so far, the run cannot go back: the recording would follow
    /// a past that is then dropped.
    @Test func aRunCannotGoBackWhileItsRecordingCatchesUp() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (session, control) = Self.recordedSession(directory: directory)
        var wall: Int64 = 0
        for _ in 0..<40 {
            wall += 33_000
            session.advance(wallMicros: wall)
        }
        session.handle(.character("R"))
        #expect(control.isCatchingUp)
        session.handle(.character(","))
        #expect(!session.isInPast)
        #expect(session.state.status?.contains("stop recording") == true)
        session.handle(.character("R"))  // cancels
        session.handle(.character("["))
        #expect(session.isInPast)
        session.handle(.character("R"))
        #expect(!control.isCatchingUp, "R in the past starts nothing")
        #expect(session.state.status?.contains("this is the run's past") == true)
    }
}
