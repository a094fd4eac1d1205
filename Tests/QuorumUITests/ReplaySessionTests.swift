import Foundation
import QuorumCore
import QuorumRaft
import QuorumUI
import Testing

/// Replay by re-simulation: seeking anywhere gives exactly the state a straight run reaches.
@Suite("Replay session")
struct ReplaySessionTests {
    private static func makeSimulator() -> Simulator<RaftNode> {
        let simulator = Simulator<RaftNode>(config: SimulationConfig(nodeCount: 5, seed: 9, workload: .standard, node: RaftConfig()))
        simulator.schedule(.kill(.leader), at: .seconds(2))
        simulator.schedule(.say("after the crash"), at: .millis(2_500))
        return simulator
    }

    /// A recording of 4 s with one interactive input (a partition after some steps).
    private func script() -> (ReplayScript<RaftNode>, [String]) {
        let original = ReplaySessionTests.makeSimulator()
        var texts: [String] = []
        var marks: [ReplayScript<RaftNode>.Mark] = []
        original.observers.append { event in
            texts.append("\(event.time) \(event.kind)")
            if case .crashed = event.kind { marks.append(.init(event: event.index, time: event.time, label: "crash")) }
        }
        original.run(until: .seconds(1))
        let input = ReplayScript<RaftNode>.Input(step: original.stepCount, time: original.now, action: .partition([[NodeID(0)]]))
        original.performInteractive(input.action)
        original.run(until: .seconds(4))
        let script = ReplayScript<RaftNode>(makeSimulator: ReplaySessionTests.makeSimulator, inputs: [input],
                                            totalEvents: UInt64(texts.count), endTime: original.now, marks: marks)
        return (script, texts)
    }

    @Test func seekingBackAndForthMatchesTheRecording() throws {
        let (script, texts) = script()
        let session = LiveSession(replaying: script)
        var seen: [String] = []
        for target in [UInt64(texts.count / 2), 10, UInt64(texts.count), 3, UInt64(texts.count - 1)] {
            session.seek(toEvent: target)
            // It stops at the first step boundary at or after the target (a step may emit several events).
            #expect(session.simulator.eventCount >= target && session.simulator.eventCount < target + 12)
            seen.append("\(session.simulator.stats.messagesSent)")
        }
        // The end state equals the recorded run's: same event count, the input applied.
        session.seek(toEvent: UInt64(texts.count))
        #expect(session.simulator.topology.isPartitioned)
        session.seek(toEvent: 5)
        #expect(!session.simulator.topology.isPartitioned, "going back undoes the input")
        #expect(seen.count == 5)
    }

    @Test func replayedEventsAreTheRecordedOnes() {
        let (script, texts) = script()
        let session = LiveSession(replaying: script)
        var replayed: [String] = []
        session.simulator.observers.append { replayed.append("\($0.time) \($0.kind)") }
        session.seek(toEvent: UInt64(texts.count))
        #expect(replayed == texts)
    }

    @Test func keysMoveInTimeUntilForked() throws {
        let (script, texts) = script()
        let session = LiveSession(replaying: script)
        session.handle(.character("}"))
        let crash = try #require(script.marks.first)
        #expect(session.simulator.eventCount == crash.event + 1)
        let afterCrash = session.simulator.eventCount
        session.handle(.character(","))
        #expect(session.simulator.eventCount == crash.event, "one step back: to just before the crash's step")
        session.handle(.character("."))
        #expect(session.simulator.eventCount == afterCrash)
        let statuses = session.simulator.nodes.map(\.status)
        let eventsBefore = session.simulator.eventCount
        session.update(.select(NodeID(0)))
        session.handle(.character("k"))
        #expect(session.simulator.nodes.map(\.status) == statuses && session.simulator.eventCount == eventsBefore,
                "a replay refuses cluster keys")
        #expect(session.snapshot().captionLine?.contains("press f to fork") == true)
        session.handle(.character("g"))
        for key: Character in ["3", ".", "5"] { session.handle(.character(key)) }
        session.handle(.enter)
        #expect(session.simulator.now >= SimTime(micros: 3_500_000))
        session.handle(.character("f"))
        #expect(!session.state.isReplay)
        session.update(.select(NodeID(1)))
        session.handle(.character("k"))
        #expect(session.simulator.nodes[1].status == .crashed, "after the fork, keys change the run")
        #expect(texts.count > 100)
    }

    @Test func timelineIsDrawnInTheFooter() {
        let (script, _) = script()
        let session = LiveSession(replaying: script)
        session.seek(toEvent: script.totalEvents / 2)
        var buffer = CellBuffer(width: 80, height: 24)
        FrameRenderer.render(session.snapshot(), into: &buffer)
        let footer = buffer.rowText(23)
        #expect(footer.contains("/4.000s") || footer.contains("/3.9"))
        #expect(footer.contains("▰") && footer.contains("▱") && footer.contains("|"))
        #expect(buffer.rowText(0).contains("(replay)"))
    }

    /// `v` goes to just before the offending operation's invocation, paused, whatever the position;
    /// without a violation it says so and stays.
    @Test func violationKeyJumpsToTheOffendingOperation() throws {
        var (script, _) = script()
        script.violation = (time: .millis(1_500), label: "op7 read x -> 1")
        let session = LiveSession(replaying: script)
        session.seek(toEvent: 5)
        session.update(.jumpToViolation)
        #expect(session.simulator.now <= .millis(1_500))
        #expect(session.simulator.nextEventTime.map { $0 >= .millis(1_500) } ?? false)
        #expect(session.state.paused)
        #expect(session.state.status?.contains("op7 read x -> 1 cannot be linearized") == true)
        session.seek(toEvent: script.totalEvents)
        session.update(.jumpToViolation)
        #expect(session.simulator.now <= .millis(1_500), "jumps back too")

        var (clean, _) = self.script()
        clean.violation = nil
        let other = LiveSession(replaying: clean)
        other.seek(toEvent: 40)
        let before = other.simulator.eventCount
        other.update(.jumpToViolation)
        #expect(other.simulator.eventCount == before)
        #expect(other.state.status?.contains("linearizable") == true)
    }

    /// With checkpoints every few dozen events, seeking anywhere in any order, stepping back
    /// across a checkpoint, and seeking by time all land exactly where a straight run does.
    @Test func checkpointsGiveTheSameStatesAsAStraightRun() throws {
        let (script, texts) = script()
        let straight = LiveSession(replaying: script)
        let session = LiveSession(replaying: script, checkpointInterval: 37, layCheckpointsInBackground: false)
        session.seek(toEvent: UInt64(texts.count))  // the first pass lays the checkpoints
        let fingerprint = ReplaySessionTests.fingerprint
        for target in [UInt64(texts.count - 3), 5, 200, 38, 37, 36, UInt64(texts.count / 2), 1] {
            session.seek(toEvent: target)
            straight.seek(toEvent: 0)
            straight.seek(toEvent: target)
            #expect(fingerprint(session) == fingerprint(straight), "seek to \(target)")
        }
        // Step back from just past a checkpoint: the previous boundary, not the start.
        session.seek(toEvent: 75)
        let here = session.simulator.eventCount
        session.update(.stepBack)
        #expect(session.simulator.eventCount < here && session.simulator.eventCount >= here - 12)
        for time in [SimTime.millis(3_500), .millis(700), .millis(2_100)] {
            session.seek(toTime: time)
            straight.seek(toEvent: 0)
            straight.seek(toTime: time)
            #expect(fingerprint(session) == fingerprint(straight), "seek to \(time)")
        }
    }

    private static func fingerprint(_ session: LiveSession<RaftNode>) -> String {
        let nodes = session.simulator.nodes.map { "\($0.status)\($0.state.currentTerm)/\($0.state.log.lastIndex)/\($0.state.commitIndex)\($0.clock)" }
        return "\(session.simulator.eventCount) \(session.simulator.now) \(session.simulator.stepCount) \(nodes) \(session.simulator.history.count)"
    }

    /// Checkpoints laid on another thread while the replay stays at the start serve seeks as well.
    @Test func checkpointsLaidInTheBackgroundGiveTheSameStates() throws {
        let (script, texts) = script()
        let straight = LiveSession(replaying: script, layCheckpointsInBackground: false)
        let session = LiveSession(replaying: script, checkpointInterval: 37)
        let deadline = Date().addingTimeInterval(30)
        while !session.checkpointsComplete, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(session.checkpointsComplete)
        #expect(session.simulator.eventCount == 0, "laid without moving the replay")
        for target in [UInt64(texts.count - 3), 5, 200, 38, 37, 36, UInt64(texts.count / 2), 1] {
            session.seek(toEvent: target)
            straight.seek(toEvent: 0)
            straight.seek(toEvent: target)
            #expect(ReplaySessionTests.fingerprint(session) == ReplaySessionTests.fingerprint(straight), "seek to \(target)")
        }
    }

    /// A recording the current code re-simulates differently (as after a protocol change) is
    /// flagged at the first differing event, and the header says so; a faithful one is not.
    @Test func divergenceFromTheRecordingIsFlagged() throws {
        var (script, texts) = script()
        let kinds = texts.map { String($0.split(separator: " ", maxSplits: 1)[1]) }
        script.recordedText = { index in index < kinds.count ? kinds[Int(index)] : nil }
        let faithful = LiveSession(replaying: script)
        faithful.seek(toEvent: UInt64(kinds.count))
        #expect(faithful.divergedAt == nil)

        var changed = kinds
        changed[120] = "n9 became emperor term:99"
        script.recordedText = { index in index < changed.count ? changed[Int(index)] : nil }
        let session = LiveSession(replaying: script)
        session.seek(toEvent: 300)
        #expect(session.divergedAt == 120)
        #expect(session.state.status?.contains("differently from event 120") == true)
        var buffer = CellBuffer(width: 120, height: 40)
        FrameRenderer.render(session.snapshot(glyphs: .unicode, logTail: 10), into: &buffer)
        #expect(buffer.text.contains("DIFFERS FROM RECORDING"))
    }
}
