import Foundation
import QuorumCore
import QuorumRaft
import QuorumUI
import Testing

@Suite("Checker panel")
struct CheckerPanelTests {
    /// The stale-read lesson with --stale-reads, driven headlessly to 8 s.
    private func staleReadSession() throws -> LiveSession<RaftNode> {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/stale-read.txt").path
        let scenario = try ScenarioParser(source: script, nodeCount: 5).parse(try TextFile.read(script, kind: "script"))
        let config = SimulationConfig(nodeCount: 5, seed: 1, workload: .none, node: RaftConfig(staleReads: true))
        let session = LiveSession(simulator: Simulator<RaftNode>(config: config), speedIndex: 9)
        scenario.schedule(on: session.simulator, until: .seconds(20))
        session.simulator.run(until: .seconds(8))
        return session
    }

    @Test func staleReadIsShownWithTheOperationThatCannotBePlaced() throws {
        let session = try staleReadSession()
        let worker = HistoryCheckWorker(budgetSeconds: 5)
        session.historyChecker = worker
        worker.submit(session.simulator.history)
        let deadline = Date().addingTimeInterval(30)
        while worker.latest == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let verdicts = try #require(worker.latest)
        #expect(verdicts.linearizability.verdict == .notLinearizable)
        // The script's requests all ran on the one idle script client, so that client read x = 1
        // after its own write of 2: not even sequentially consistent.
        #expect(Set(session.simulator.history.map(\.client)).count == 1)
        #expect(verdicts.sequentialConsistency == .notLinearizable)
        var buffer = CellBuffer(width: 100, height: 30)
        FrameRenderer.render(session.snapshot(), into: &buffer)
        #expect(GoldenScreen.find("NOT linearizable", in: buffer) != nil)
        // Named as the event log names it (issue 12): client c1, `get`, the answer in its words.
        let line = try #require(GoldenScreen.find("cannot place: c1 op", in: buffer))
        #expect(buffer.rowText(line.y).contains("get x -> value 1"))
        #expect(buffer[line.x, line.y].style == .warning)
    }

    @Test func safeReadsAreLinearizable() {
        let config = SimulationConfig(nodeCount: 5, seed: 4, workload: .standard, node: RaftConfig())
        let simulator = Simulator<RaftNode>(config: config)
        simulator.run(until: .seconds(5))
        let verdicts = HistoryCheckWorker.check(simulator.history, budgetSeconds: 10)
        #expect(verdicts.linearizability.verdict == .linearizable)
        #expect(verdicts.operations > 20)
    }
}
