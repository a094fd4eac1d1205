import QuorumCore
import QuorumRaft
@testable import QuorumUI

/// A live session playing a lesson on five Raft nodes (seed 1, no clients) at 1x, as `quorum
/// lesson` sets one up: the lesson tests of the band, of `show` and of the diagram share it.
enum LessonSessionFixture {
    static func session(_ lesson: String) throws -> LiveSession<RaftNode> {
        let scenario = try ScenarioParser(source: "lesson.txt", nodeCount: 5).parse(lesson)
        let make = {
            let simulator = Simulator<RaftNode>(config: SimulationConfig(nodeCount: 5, seed: 1, workload: WorkloadSettings(clientCount: 0), node: RaftConfig()))
            scenario.schedule(on: simulator, until: .seconds(10))
            return simulator
        }
        let session = LiveSession(simulator: make(), speedIndex: 9)
        session.lesson = LessonPlayer(scenario)
        session.lessonRestart = make
        session.historyChecker = nil
        return session
    }

    /// Advances in 33 ms frames until the simulation reaches `seconds` (at most 3,000 frames).
    static func run(_ session: LiveSession<RaftNode>, to seconds: Double, wall: inout Int64) {
        for _ in 0..<3_000 where session.simulator.now < SimTime(micros: Int64(seconds * 1_000_000)) {
            wall += 33_000
            session.advance(wallMicros: wall)
        }
    }
}
