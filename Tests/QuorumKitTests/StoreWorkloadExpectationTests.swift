import QuorumCheckers
import QuorumCore
@testable import QuorumKit
import QuorumStore
import Testing

/// A store run is expected to be linearizable only when every pair of levels its workload used
/// overlaps: `workload` lines and the `L` key count, not only the configured levels.
@Suite("Store expectation with changed levels")
struct StoreWorkloadExpectationTests {
    private func expectsLinearizable(_ script: String, until seconds: Double = 2) throws -> Bool {
        try finishedRun(script, until: seconds).report.expectsLinearizable
    }

    private func finishedRun(_ script: String, until seconds: Double,
                             config: StoreConfig = StoreConfig()) throws -> (simulator: Simulator<StoreNode>, report: RunReport) {
        let simulator = Simulator<StoreNode>(config: SimulationConfig(nodeCount: 5, seed: 1, workload: .none, node: config))
        // A script may name the replicas of key x, in ring order, as {r0}, {r1}, {r2}.
        var script = script
        for (index, node) in simulator.nodes[0].state.ring.replicas(of: "x").enumerated() {
            script = script.replacingOccurrences(of: "{r\(index)}", with: node.description)
        }
        let scenario = try ScenarioParser(source: "s.txt", nodeCount: 5, protocol: StoreNode.self, datacenters: nil).parse(script)
        let end = SimTime(micros: Int64(seconds * 1_000_000))
        scenario.schedule(on: simulator, until: end.adding(micros: 3_000_000))
        simulator.run(until: end)
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
        #expect(try expectsLinearizable("at 1s freeze n2\nat 1010ms request n2 get y\nat 1900ms unfreeze n2", until: 3),
                "a retried read promises as before: whichever attempt answers read within the read's interval")
    }

    /// R + W > N is not enough for linearizable registers: blocking read repair leaves the value a
    /// read returned only on the replicas it read, so a later read must meet those too (Cassandra
    /// documentation, "Read repair": blocking read repair gives monotonic *quorum* reads). ONE
    /// reads with ALL writes: a read at r0 returns x=v while the ALL write is still on its way to
    /// r2, and a later read at r2 returns nothing. No fault, no retry: only message latency (slow
    /// while the write goes out, fast for the reads).
    /// An ALL write from r0 whose messages to the other replicas take 200 ms, and a fast read at
    /// r0 that returns it while it is on its way.
    static let slowAllWriteThenReadAtR0 = """
        at 1s request {r0} set x v
        at 1001ms latency 200ms..200ms
        at 1030ms latency 1ms..1ms
        at 1040ms request {r0} get x

        """

    @Test func oneReadsWithAllWritesAreNotPromisedLinearizable() throws {
        let (simulator, report) = try finishedRun(Self.slowAllWriteThenReadAtR0 + "at 1050ms request {r2} get x\n", until: 2,
                                                  config: StoreConfig(readLevel: .one, writeLevel: .all))
        let outcomes = simulator.history.map(\.outcome)
        #expect(outcomes == [.ok(.done), .ok(.value("v")), .ok(.value(nil))], "\(outcomes)")
        #expect(simulator.stats.crashes == 0 && simulator.stats.messagesDropped == 0 && simulator.history.allSatisfy { $0.attempts.count == 1 })
        let verdict = LinearizabilityChecker(model: .register, timeoutSeconds: 5).check(HistoryAdapter.operations(from: simulator.history)).verdict
        #expect(verdict == .notLinearizable)
        #expect(!report.expectsLinearizable)
    }

    /// The store's counts are taken from the history as it stands once the replicas settled, the
    /// one the linearizability verdict judges: a write still on its way when the run ended, whose
    /// value a read already returned, completes while the run settles and is no "read of a
    /// timed-out write". They were taken from the history before settling, where it was pending.
    @Test func theCountsJudgeTheSettledHistory() throws {
        let (simulator, report) = try finishedRun(Self.slowAllWriteThenReadAtR0, until: 1.1, config: StoreConfig(readLevel: .one, writeLevel: .all))
        #expect(simulator.history.map(\.outcome) == [.ok(.done), .ok(.value("v"))])
        #expect(report.protocolFields.first { $0.key == "readsOfTimeouts" }?.json == "0")
    }
}
