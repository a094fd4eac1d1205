import QuorumCore
import QuorumCheckers
@testable import QuorumStore

/// A store cluster in the simulator, for tests.
struct StoreTestCluster {
    let simulator: Simulator<StoreNode>

    init(nodes: Int = 5, config: StoreConfig = StoreConfig(), seed: UInt64 = 1, clients: Int = 0, datacenters: Int = 1,
         network: NetworkSettings = NetworkSettings()) {
        let groups = datacenters > 1 ? Datacenters.even(datacenters, nodeCount: nodes, crossLatency: 40_000...80_000) : nil
        var workload = WorkloadSettings(clientCount: clients, includesCas: false)
        workload.includesIncr = false
        simulator = Simulator<StoreNode>(config: SimulationConfig(nodeCount: nodes, seed: seed, network: network, workload: workload,
                                                                  node: config, datacenters: groups))
    }

    var ring: Ring { simulator.nodes[0].state.ring }

    func script(_ text: String) throws {
        let scenario = try ScenarioParser(source: "test", nodeCount: simulator.nodeCount, protocol: StoreNode.self,
                                          datacenters: simulator.config.datacenters).parse(text)
        scenario.schedule(on: simulator, until: .seconds(120))
    }

    func run(until seconds: Double) { simulator.run(until: SimTime(micros: Int64(seconds * 1_000_000))) }

    func cell(_ node: NodeID, _ key: String) -> Cell? { simulator.nodes[node.index].storage.cells[key] }

    /// The first key named `k0`, `k1`, ... whose replicas satisfy `condition`.
    func key(where condition: ([NodeID]) -> Bool) -> String {
        (0..<1_000).map { "k\($0)" }.first { condition(ring.replicas(of: $0)) }!
    }

    func outcome(of operation: ClientOperation) -> HistoryEntry.Outcome? {
        simulator.history.last { $0.operation == operation }?.outcome
    }

    var linearizable: Verdict {
        LinearizabilityChecker(model: .register, timeoutSeconds: 5).check(HistoryAdapter.operations(from: simulator.history)).verdict
    }
}
