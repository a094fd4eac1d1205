import QuorumCore
import QuorumRaft
import QuorumUI
import Testing

/// What a live session shows and keeps when it runs fast and long.
@Suite("Live session: speed reached and bounded memory")
struct LiveSessionLimitsTests {
    private func session(speedIndex: Int, nodes: Int = 5) -> LiveSession<RaftNode> {
        let config = SimulationConfig(nodeCount: nodes, seed: 1, workload: WorkloadSettings(clientCount: 3), node: RaftConfig())
        return LiveSession(simulator: Simulator<RaftNode>(config: config), speedIndex: speedIndex)
    }

    /// Frames of 33 ms for `seconds` of wall time.
    private func run(_ session: LiveSession<RaftNode>, wallSeconds: Double, from start: Int64 = 0) -> Int64 {
        var wall = start
        session.advance(wallMicros: wall)
        while wall < start + Int64(wallSeconds * 1_000_000) {
            wall += 33_000
            session.advance(wallMicros: wall)
        }
        return wall
    }

    /// A frame budget too small for 100x: the header shows the speed reached, and what was asked.
    @Test func headerShowsTheSpeedReachedWhenShortOfTheOneAsked() throws {
        let session = session(speedIndex: SpeedScale.steps.count - 1)
        session.eventBudgetPerFrame = 40
        let startMicros = session.simulator.now.micros
        _ = run(session, wallSeconds: 3)
        let label = session.snapshot().speedLabel
        #expect(label.hasSuffix(" of 100x"), "\(label)")
        let reached = try #require(Double(label.prefix { $0 != "x" && $0 != " " }))
        let overall = Double(session.simulator.now.micros - startMicros) / 3_000_000
        #expect(reached < 90 && abs(reached - overall) < overall * 0.25, "reached \(reached), overall \(overall)")
    }

    @Test func headerShowsTheSpeedAskedWhenItIsReached() {
        let session = session(speedIndex: 9)
        _ = run(session, wallSeconds: 3)
        #expect(session.snapshot().speedLabel == "1x")
        session.update(.togglePause)
        session.advance(wallMicros: 3_100_000)
        #expect(session.snapshot().speedLabel == "1x", "paused: nothing to measure")
    }

    @Test func speedFormats() {
        var meter = SpeedMeter()
        meter.note(wallMicros: 0, simulatedMicros: 0, speedIndex: 15)
        meter.note(wallMicros: 1_000_000, simulatedMicros: 24_600_000, speedIndex: 15)
        #expect(meter.label(speedIndex: 15) == "24.6x of 100x")
        #expect(meter.label(speedIndex: 14) == "50x", "another speed asked: not measured yet")
        meter.note(wallMicros: 0, simulatedMicros: 0, speedIndex: 9)
        meter.note(wallMicros: 1_000_000, simulatedMicros: 27_000, speedIndex: 9)
        #expect(meter.label(speedIndex: 9) == "1/37x of 1x")
    }
}
