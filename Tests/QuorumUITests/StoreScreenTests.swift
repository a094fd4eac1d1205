import Foundation
import QuorumCore
import QuorumStore
import QuorumUI
import Testing

/// The Dynamo-style store through the shared UI (no view code of its own): the key table with
/// timestamps, the requests a node coordinates (`QUORUM 1/2`), hints, at 80x24 and 120x40.
@Suite("Store screens")
struct StoreScreenTests {
    static func session(until seconds: Double, actions: [(at: Double, action: UIAction)] = []) -> LiveSession<StoreNode> {
        var workload = WorkloadSettings(clientCount: 3, includesCas: false)
        workload.includesIncr = false
        let config = SimulationConfig(nodeCount: 5, seed: 1, workload: workload, node: StoreConfig())
        return GoldenScreen.drive(LiveSession(simulator: Simulator<StoreNode>(config: config), speedIndex: 9), until: seconds, actions: actions)
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theStoreFits(size: (width: Int, height: Int)) {
        let buffer = GoldenScreen.render(Self.session(until: 3), width: size.width, height: size.height)
        let text = buffer.text
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(text) }
        #expect(text.contains("store"))
        #expect(text.contains("@"), "cells show their timestamps in the key table")
        for line in text.split(separator: "\n") { #expect(line.count <= size.width) }
    }

    @Test func twoDatacentersFit80x24() {
        var workload = WorkloadSettings(clientCount: 3, includesCas: false)
        workload.includesIncr = false
        let config = SimulationConfig(nodeCount: 6, seed: 1, workload: workload, node: StoreConfig(replicationFactors: [3, 3]),
                                      datacenters: Datacenters.even(2, nodeCount: 6, crossLatency: 40_000...80_000))
        let session = GoldenScreen.drive(LiveSession(simulator: Simulator<StoreNode>(config: config), speedIndex: 9), until: 3)
        let text = GoldenScreen.render(session, width: 80, height: 24).text
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(text) }
        #expect(text.contains("dc1 of 2") && text.contains("dc1:3,dc2:3"))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 24 && text.contains("q quit"))
    }

    @Test func aNodeWithAHintShowsIt() {
        let session = Self.session(until: 4, actions: [(1.0, .cluster(.kill(.node(NodeID(3)))))])
        let description = session.simulator.nodes.map { $0.state.describe(logTail: 10) }
        let hints = description.flatMap(\.panels).filter { $0.title == "hints" }
        #expect(!hints.isEmpty, "some coordinator holds a hint for the dead n4")
        #expect(description.allSatisfy { $0.details.contains { $0.label == "hints" } })
    }

    /// `D` partitions the selected node's datacenter from the others, through the ordinary
    /// partition action (so it is recorded like any other); without datacenters it does nothing.
    @Test func dPartitionsTheSelectedDatacenter() {
        let config = SimulationConfig(nodeCount: 6, seed: 1, workload: .none, node: StoreConfig(replicationFactors: [3, 3]),
                                      datacenters: Datacenters.even(2, nodeCount: 6, crossLatency: 40_000...80_000))
        let session = LiveSession(simulator: Simulator<StoreNode>(config: config), speedIndex: 9)
        session.update(.selectRelative(4))
        let context = session.keyContext()
        #expect(KeyMap.action(for: .character("D"), in: context) == .cluster(.partition([[NodeID(3), NodeID(4), NodeID(5)]])))
        let flat = LiveSession(simulator: Simulator<StoreNode>(config: SimulationConfig(nodeCount: 5, seed: 1, workload: .none, node: StoreConfig())))
        #expect(KeyMap.action(for: .character("D"), in: flat.keyContext()) == nil)
    }

    /// `L` cycles the workload's (read, write) levels through one recorded action; the header
    /// shows them; a protocol without workload options does nothing on `L`.
    @Test func lCyclesTheWorkloadLevels() {
        let session = Self.session(until: 1)
        #expect(GoldenScreen.render(session, width: 120, height: 40).text.split(separator: "\n")[0].contains("R QUORUM W QUORUM"))
        var seen: [String] = []
        for _ in 0..<StoreNode.levelCycle.count {
            let action = KeyMap.action(for: .character("L"), in: session.keyContext())
            guard case .cluster(.workload(let options))? = action else {
                Issue.record("L gave \(String(describing: action))")
                return
            }
            session.update(action!)
            #expect(session.simulator.workloadOptions == options)
            let header = String(GoldenScreen.render(session, width: 120, height: 40).text.split(separator: "\n")[0])
            seen.append(header.contains("R ONE W ONE") ? "ONE/ONE" : header.contains("R QUORUM W QUORUM") ? "QUORUM/QUORUM" : header)
        }
        #expect(seen.prefix(2) == ["ONE/ONE", "QUORUM/QUORUM"])
        // Over datacenters the per-datacenter levels are in the cycle too.
        #expect(seen.suffix(2).map { $0.contains("R LOCAL_QUORUM W LOCAL_QUORUM") || $0.contains("R EACH_QUORUM W EACH_QUORUM") } == [true, true], "\(seen)")
        #expect(KeyMap.action(for: .character("L"), in: session.keyContext()) == .cluster(.workload(StoreNode.workloadOptionCycle[0])),
                "after the last pair, the first again")
        let raft = GoldenScreen.session(seed: 1, until: 0.1)
        #expect(KeyMap.action(for: .character("L"), in: raft.keyContext()) == nil)
        #expect(KeyMap.help(timerName: "anti-entropy", electsLeaders: false, cyclesWorkload: true, hasDatacenters: true).contains { $0.keys == "L" })
        #expect(!KeyMap.help(timerName: "election", electsLeaders: true).contains { $0.keys == "L" || $0.keys == "D" })
    }

    /// The key table compares only a key's replicas: with 5 nodes and RF 3, the two nodes that are
    /// not replicas of `x` lack it by design, and `x` is not marked as differing; a replica that
    /// missed `y` (dead when it was written) still marks `y`.
    @Test func onlyReplicasOfAKeyAreCompared() {
        let config = SimulationConfig(nodeCount: 5, seed: 1, workload: .none, node: StoreConfig(antiEntropyIntervalMicros: 0))
        let simulator = Simulator<StoreNode>(config: config)
        let ring = simulator.nodes[0].state.ring
        let y = (0..<100).map { "y\($0)" }.first { !ring.replicas(of: $0).contains(NodeID(0)) }!
        let missing = ring.replicas(of: y)[0]
        let session = GoldenScreen.drive(LiveSession(simulator: simulator, speedIndex: 9), until: 5, actions: [
            (1.0, .cluster(.request(NodeID(0), .set(key: "x", value: "1")))),
            (2.0, .cluster(.kill(.node(missing)))),
            (3.5, .cluster(.request(NodeID(0), .set(key: y, value: "2")))),
        ])
        #expect(simulator.history.allSatisfy { $0.outcome == .ok(.done) })
        let text = GoldenScreen.render(session, width: 120, height: 40).text
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(text) }
        #expect(text.contains(" x ") && !text.contains("x \(Glyphs.unicode.differs) differs"), "x is on all three of its replicas")
        #expect(text.contains("\(y) \(Glyphs.unicode.differs) differs"), "\(missing), a replica of \(y), missed it")
        let nonReplicas = NodeID.all(count: 5).filter { !ring.replicas(of: "x").contains($0) }
        #expect(nonReplicas.count == 2 && nonReplicas.allSatisfy { session.simulator.nodes[$0.index].state.describe(logTail: 1).holdsKey?("x") == false })
    }
}
