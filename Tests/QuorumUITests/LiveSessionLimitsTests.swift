import QuorumCore
import QuorumRaft
import QuorumUI
import Foundation
import QuorumCheckers
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

extension LiveSessionLimitsTests {
    /// A live session driven for a long simulated time at the highest speed, a key pressed every
    /// frame: everything it keeps stays bounded, and the checker panel checks a window of the
    /// most recent operations (and finds this correct Raft run linearizable there).
    @Test func soakAtTheHighestSpeedKeepsEverythingBounded() throws {
        let session = session(speedIndex: SpeedScale.steps.count - 1)
        let checker = HistoryCheckWorker(windowLimit: 100)
        session.historyChecker = checker
        session.inputLimit = 40
        var wall: Int64 = 0
        var largest = (events: 0, boundaries: 0, drops: 0, inputs: 0)
        while session.simulator.now.micros < 200_000_000 {
            wall += 33_000
            session.advance(wallMicros: wall)
            _ = session.snapshot()
            session.handle(.character("l"))  // an input each frame (message loss cycles)
            let counts = session.retainedCounts
            largest = (max(largest.events, counts.events), max(largest.boundaries, counts.boundaries),
                       max(largest.drops, counts.drops), max(largest.inputs, counts.inputs))
        }
        #expect(session.simulator.history.count > 1_000, "a long run: \(session.simulator.history.count) operations")
        #expect(largest.events <= 800)
        #expect(largest.boundaries <= 4_096)
        #expect(largest.drops <= 512)
        #expect(largest.inputs == 40 && session.inputsOverflowed)
        // The last check submitted covers a window, not the whole history.
        var verdicts = checker.latest
        for _ in 0..<500 where !(verdicts?.isWindow ?? false) {
            session.advance(wallMicros: wall + 1_000_000)
            wall += 1_000_000
            verdicts = checker.latest
            Thread.sleep(forTimeInterval: 0.01)
        }
        let latest = try #require(verdicts)
        #expect(latest.isWindow)
        #expect(latest.operations <= 100, "\(latest.operations) operations in the window")
        #expect(latest.linearizability.verdict != .notLinearizable, "no false violation from a window's seeds")
    }
}

/// The window the checker panel checks in a long run: seeded with the state before it, so it
/// finds a violation inside it and none that is not there.
@Suite("Checker window")
struct CheckWindowTests {
    /// `set x 1` ... `set x 8` one after another, then reads; each operation 5 µs, 10 µs apart.
    private func history(reads: [String?], concurrentEnd: Bool = false) -> [HistoryEntry] {
        var entries: [HistoryEntry] = []
        func add(_ operation: ClientOperation, _ output: OperationOutput, overlapPrevious: Bool = false) {
            let id = entries.count
            let start = Int64(id * 10) - (overlapPrevious ? 8 : 0)
            var entry = HistoryEntry(id: id, client: ClientID(id % 3), sequence: UInt64(id), operation: operation, invokedAt: SimTime(micros: start))
            entry.completedAt = SimTime(micros: start + 5)
            entry.outcome = .ok(output)
            entries.append(entry)
        }
        for value in 1...8 { add(.set(key: "x", value: String(value)), .done, overlapPrevious: concurrentEnd && value == 8) }
        for read in reads { add(.get(key: "x"), .value(read)) }
        return entries
    }

    @Test func aStaleReadInsideTheWindowIsFound() {
        let window = CheckWindow.of(history(reads: ["8", "3"]), limit: 3)
        #expect(window.isWindow)
        #expect(window.operations.first?.input == .write("7"), "seeded with the state before the window")
        let verdicts = HistoryCheckWorker.check(window.operations, budgetSeconds: 5)
        #expect(verdicts.linearizability.verdict == .notLinearizable)
    }

    @Test func aCorrectWindowIsLinearizable() {
        let window = CheckWindow.of(history(reads: ["8", "8"]), limit: 3)
        #expect(HistoryCheckWorker.check(window.operations, budgetSeconds: 5).linearizability.verdict == .linearizable)
        // A window of reads only: the seed (x = 8) is what explains them; without it they would
        // read a value never written.
        let readsOnly = CheckWindow.of(history(reads: ["8", "8"]), limit: 2)
        #expect(readsOnly.operations.first?.input == .write("8"))
        #expect(HistoryCheckWorker.check(readsOnly.operations, budgetSeconds: 5).linearizability.verdict == .linearizable)
        let unseeded = Array(readsOnly.operations.dropFirst())
        #expect(HistoryCheckWorker.check(unseeded, budgetSeconds: 5).linearizability.verdict == .notLinearizable)
    }

    /// When the last operations before the window overlap, the state is not known: the key is
    /// left out rather than guessed.
    @Test func anUnknownStartingStateLeavesTheKeyOut() {
        let window = CheckWindow.of(history(reads: ["3"], concurrentEnd: true), limit: 1)
        #expect(window.isWindow && window.keysLeftOut == 1 && window.operations.isEmpty)
    }

    @Test func aShortHistoryIsCheckedWhole() {
        let window = CheckWindow.of(history(reads: ["8"]), limit: 100)
        #expect(!window.isWindow && window.operations.count == 9)
    }
}

extension LiveSessionLimitsTests {
    /// `--duration` in the live UI: time stops there, the header says ENDED and the caption why;
    /// neither running on nor stepping passes it.
    @Test func theRunStopsAtItsDuration() {
        let session = session(speedIndex: 9)
        session.stopTime = .seconds(2)
        _ = run(session, wallSeconds: 3)
        #expect(session.simulator.now == .seconds(2))
        #expect(session.state.paused)
        let snapshot = session.snapshot()
        #expect(snapshot.ended)
        #expect(snapshot.captionLine?.contains("--duration of 2.000s") == true, "\(snapshot.captionLine ?? "")")
        var buffer = CellBuffer(width: 100, height: 30)
        FrameRenderer.render(snapshot, into: &buffer)
        #expect(buffer.text.split(separator: "\n").first?.contains("ENDED") == true)
        let events = session.simulator.eventCount
        session.handle(.character("."))
        session.handle(.character(" "))
        _ = run(session, wallSeconds: 1, from: 3_100_000)
        #expect(session.simulator.now == .seconds(2) && session.simulator.eventCount == events)
        #expect(session.state.paused)
    }
}
