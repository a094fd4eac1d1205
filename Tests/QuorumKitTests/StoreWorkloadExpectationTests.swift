import QuorumCheckers
import QuorumCore
@testable import QuorumKit
import QuorumStore
import Testing

/// A store run is expected to be linearizable only when every pair of levels its workload used
/// overlaps: `workload` lines and the `L` key count, not only the configured levels.
@Suite("Store expectation with changed levels")
struct StoreWorkloadExpectationTests {
    private func expectsLinearizable(_ script: String, until seconds: Int64 = 2) throws -> Bool {
        try finishedRun(script, until: seconds).report.expectsLinearizable
    }

    private func finishedRun(_ script: String, until seconds: Int64) throws -> (simulator: Simulator<StoreNode>, report: RunReport) {
        let simulator = Simulator<StoreNode>(config: SimulationConfig(nodeCount: 5, seed: 1, workload: .none, node: StoreConfig()))
        let scenario = try ScenarioParser(source: "s.txt", nodeCount: 5, protocol: StoreNode.self, datacenters: nil).parse(script)
        scenario.schedule(on: simulator, until: .seconds(seconds + 3))
        simulator.run(until: .seconds(seconds))
        var report = RunReport(protocolName: "store", seed: 1, nodeCount: 5, simulatedTime: simulator.now, stats: simulator.stats, wallSeconds: 0)
        StoreRunMonitor(randomFaults: false).finish(simulator, report: &report)
        return (simulator, report)
    }

    @Test func weakerLevelsDuringTheRunLiftTheExpectation() throws {
        #expect(try expectsLinearizable("at 1s request n1 set x 1"))
        #expect(try expectsLinearizable("at 500ms workload read-level=ALL write-level=ONE\nat 1s workload"))
        #expect(try !expectsLinearizable("at 500ms workload read-level=ONE write-level=ONE\nat 1s workload"))
    }

    /// The README's counterexample to "QUORUM is linearizable", built from a freeze alone (no crash,
    /// no lost message): n2 is frozen holding a client's `set y a`; the client's attempt times out
    /// and its retry at another node completes it; `set y b` completes; n2 thaws, stamps `a` with
    /// its clock now, later than b's, and last write wins keeps `a`. A retried request may be
    /// stamped by two coordinators, so the run promises no linearizability; before, it was held
    /// to it and `quorum run store --script` failed with exit 1 on a store behaving as modelled.
    @Test func aClientRetryLiftsTheExpectation() throws {
        let (simulator, report) = try finishedRun("""
            at 1s freeze n2
            at 1010ms request n2 set y a
            at 1500ms request n3 set y b
            at 1900ms unfreeze n2
            at 2500ms request n3 get y
            """, until: 3)
        #expect(simulator.stats.crashes == 0 && simulator.stats.messagesDropped == 0)
        #expect(simulator.history.first { $0.operation == .set(key: "y", value: "a") }?.attempts.count == 2, "the client retried")
        #expect(simulator.history.last?.outcome == .ok(.value("a")))
        let verdict = LinearizabilityChecker(model: .register, timeoutSeconds: 5).check(HistoryAdapter.operations(from: simulator.history)).verdict
        #expect(verdict == .notLinearizable)
        #expect(!report.expectsLinearizable)
        #expect(try expectsLinearizable("at 1s freeze n2\nat 1200ms unfreeze n2\nat 1500ms request n3 set y b", until: 3),
                "a freeze that no request waited out promises as before")
    }
}
