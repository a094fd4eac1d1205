import Testing
import QuorumCore
import QuorumCheckers
@testable import QuorumStore

/// Whole store clusters in the simulator: hinted handoff, sloppy quorums, anti-entropy.
@Suite("Store in the simulator")
struct StoreClusterTests {
    /// Dynamo §4.6: a write for a replica believed down is kept as a hint by its coordinator and
    /// handed off when the replica is back.
    @Test func hintedHandoffDeliversTheWriteWhenTheReplicaReturns() throws {
        let cluster = StoreTestCluster(config: StoreConfig(antiEntropyIntervalMicros: 0))
        let key = cluster.key { $0.contains(NodeID(0)) }
        let replicas = cluster.ring.replicas(of: key)
        let down = replicas.first { $0 != NodeID(0) }!
        try cluster.script("""
            at 1s kill \(down)
            at 2500ms request n1 set \(key) v1
            at 4s restart \(down)
            """)
        cluster.run(until: 3)
        #expect(cluster.outcome(of: .set(key: key, value: "v1")) == .ok(.done))
        #expect(cluster.simulator.nodes[0].storage.hints.map(\.replica) == [down])
        #expect(cluster.cell(down, key) == nil)
        cluster.run(until: 6)
        #expect(cluster.cell(down, key)?.value == "v1")
        #expect(cluster.simulator.nodes[0].storage.hints.isEmpty, "acknowledged hints are dropped")
    }

    /// Without --sloppy hints never count (Cassandra): two of three replicas down make QUORUM
    /// unavailable. With it they count toward W (Dynamo's sloppy quorum), and the write succeeds.
    @Test(arguments: [false, true])
    func sloppyQuorumCountsHints(sloppy: Bool) throws {
        let cluster = StoreTestCluster(config: StoreConfig(sloppy: sloppy, antiEntropyIntervalMicros: 0))
        let key = cluster.key { $0.contains(NodeID(0)) }
        let others = cluster.ring.replicas(of: key).filter { $0 != NodeID(0) }
        try cluster.script("""
            at 1s kill \(others[0])
            at 1s kill \(others[1])
            at 2500ms request n1 set \(key) v
            at 3s restart \(others[0])
            at 3s restart \(others[1])
            """)
        cluster.run(until: 2.9)
        let outcome = cluster.outcome(of: .set(key: key, value: "v"))
        if sloppy {
            #expect(outcome == .ok(.done))
        } else {
            #expect(outcome == .failed("unavailable: QUORUM needs 2, 1 up"))
        }
        cluster.run(until: 5)
        #expect(others.allSatisfy { cluster.cell($0, key)?.value == (sloppy ? "v" : nil) })
    }

    @Test func antiEntropyRepairsAReplicaThatMissedAWrite() throws {
        let cluster = StoreTestCluster(config: StoreConfig(readLevel: .one, writeLevel: .one, antiEntropyIntervalMicros: 300_000))
        let key = cluster.key { $0[0] == NodeID(0) }
        let replicas = cluster.ring.replicas(of: key)
        // The write reaches n1 only: the other replicas are cut off from it (not long enough to be
        // convicted, so no hints), and the cut heals later.
        try cluster.script("""
            at 1s cut n1 -> \(replicas[1])
            at 1s cut n1 -> \(replicas[2])
            at 1100ms request n1 set \(key) v
            at 1300ms repair n1 -> \(replicas[1])
            at 1300ms repair n1 -> \(replicas[2])
            """)
        cluster.run(until: 1.2)
        #expect(cluster.cell(replicas[1], key) == nil)
        cluster.run(until: 6)
        #expect(replicas.allSatisfy { cluster.cell($0, key)?.value == "v" })
        #expect(StoreRunAnalysis.converged(cluster.simulator))
    }

    @Test func twoDatacentersPlaceReplicasInEach() throws {
        let cluster = StoreTestCluster(nodes: 6, config: StoreConfig(replicationFactors: [2, 2], readLevel: .localQuorum, writeLevel: .eachQuorum),
                                       clients: 3, datacenters: 2)
        cluster.run(until: 5)
        let ok = cluster.simulator.history.count { if case .ok(.done) = $0.outcome { return true } else { return false } }
        #expect(ok > 10)
        #expect(cluster.linearizable == .linearizable, "EACH_QUORUM writes and LOCAL_QUORUM reads overlap in every datacenter")
    }
}
