import QuorumCore
@testable import QuorumKit
import QuorumStore
import Testing

/// A store run is expected to be linearizable only when every pair of levels its workload used
/// overlaps: `workload` lines and the `L` key count, not only the configured levels.
@Suite("Store expectation with changed levels")
struct StoreWorkloadExpectationTests {
    private func expectsLinearizable(_ script: String) throws -> Bool {
        let simulator = Simulator<StoreNode>(config: SimulationConfig(nodeCount: 5, seed: 1, workload: .none, node: StoreConfig()))
        let scenario = try ScenarioParser(source: "s.txt", nodeCount: 5, protocol: StoreNode.self, datacenters: nil).parse(script)
        scenario.schedule(on: simulator, until: .seconds(5))
        simulator.run(until: .seconds(2))
        var report = RunReport(protocolName: "store", seed: 1, nodeCount: 5, simulatedTime: simulator.now, stats: simulator.stats, wallSeconds: 0)
        StoreRunMonitor(randomFaults: false).finish(simulator, report: &report)
        return report.expectsLinearizable
    }

    @Test func weakerLevelsDuringTheRunLiftTheExpectation() throws {
        #expect(try expectsLinearizable("at 1s request n1 set x 1"))
        #expect(try expectsLinearizable("at 500ms workload read-level=ALL write-level=ONE\nat 1s workload"))
        #expect(try !expectsLinearizable("at 500ms workload read-level=ONE write-level=ONE\nat 1s workload"))
    }
}
