import Testing
import QuorumCore
import QuorumCheckers
@testable import QuorumStore

/// The four claims of the "Checked" section.
@Suite("What each consistency level promises")
struct ExpectationTests {
    /// R + W > N with synchronized clocks and no failures: every history linearizable (500 seeds,
    /// as the issue asks).
    @Test func quorumReadsAndWritesWithoutFaultsAreLinearizable() {
        for seed in UInt64(1)...500 {
            let cluster = StoreTestCluster(seed: seed, clients: 4)
            cluster.run(until: 3)
            let reads = cluster.simulator.history.count { $0.operation.isRead }
            #expect(reads > 5)
            let verdict = cluster.linearizable
            #expect(verdict == .linearizable, "seed \(seed)")
            #expect(StoreRunAnalysis.staleReads(cluster.simulator.history).isEmpty, "seed \(seed)")
            if verdict != .linearizable { return }
        }
    }

    /// ONE/ONE: a write acknowledged by one replica, a read answered by another that was cut off.
    @Test func oneOneUnderAPartitionReadsStaleValues() throws {
        let cluster = StoreTestCluster(config: StoreConfig(readLevel: .one, writeLevel: .one))
        let key = cluster.key { $0[0] == NodeID(0) && $0[1] != NodeID(1) }
        let reader = cluster.ring.replicas(of: key)[1]
        let others = NodeID.all(count: 5).filter { $0 != NodeID(0) }.map(\.description).joined(separator: " ")
        try cluster.script("""
            at 1s request n1 set \(key) v1
            at 2s partition n1 | \(others)
            at 3s request n1 set \(key) v2
            at 4s request \(reader) get \(key)
            at 6s heal
            """)
        cluster.run(until: 5)
        #expect(cluster.outcome(of: .set(key: key, value: "v2")) == .ok(.done))
        #expect(cluster.outcome(of: .get(key: key)) == .ok(.value("v1")))
        #expect(StoreRunAnalysis.staleReads(cluster.simulator.history).count == 1)
        #expect(cluster.linearizable == .notLinearizable)
    }

    /// QUORUM/QUORUM, n1's clock 1 s ahead: a write through n1, then a later write through n5 that
    /// is acknowledged but carries an older timestamp. Last write wins keeps n1's: the update is lost.
    @Test func quorumWithASkewedClockLosesAnUpdate() throws {
        let cluster = StoreTestCluster(config: StoreConfig(clockSkewMicros: 1_000_000))
        try cluster.script("""
            at 1s request n1 set x a
            at 1500ms request n5 set x b
            at 2s request n3 get x
            """)
        cluster.run(until: 4)
        #expect(cluster.outcome(of: .set(key: "x", value: "a")) == .ok(.done))
        #expect(cluster.outcome(of: .set(key: "x", value: "b")) == .ok(.done))
        #expect(cluster.outcome(of: .get(key: "x")) == .ok(.value("a")))
        let surviving = StoreRunAnalysis.surviving(cluster.simulator)
        #expect(surviving["x"]?.value == "a")
        let lost = StoreRunAnalysis.lostWrites(cluster.simulator.history, surviving: surviving)
        #expect(lost.map { cluster.simulator.history[$0].operation } == [.set(key: "x", value: "b")])
        // Without the skew the later write wins.
        let synced = StoreTestCluster()
        try synced.script("at 1s request n1 set x a\nat 1500ms request n5 set x b\n")
        synced.run(until: 4)
        #expect(StoreRunAnalysis.lostWrites(synced.simulator.history, surviving: StoreRunAnalysis.surviving(synced.simulator)).isEmpty)
    }

    /// A QUORUM write whose coordinator is cut off from the other replicas (not yet convicted, so
    /// it is sent, not refused) times out: the client records "unknown". The coordinator's own
    /// copy and its hints carry it on, and after the heal a QUORUM read returns it.
    @Test func aTimedOutWriteLandsLater() throws {
        let cluster = StoreTestCluster(config: StoreConfig(antiEntropyIntervalMicros: 0))
        let key = cluster.key { $0[0] == NodeID(0) }
        let others = NodeID.all(count: 5).filter { $0 != NodeID(0) }.map(\.description).joined(separator: " ")
        try cluster.script("""
            at 1s partition n1 | \(others)
            at 1050ms request n1 set \(key) ghost
            at 3s heal
            at 5s request n2 get \(key)
            """)
        cluster.run(until: 2)
        #expect(cluster.outcome(of: .set(key: key, value: "ghost")) == .unknown)
        cluster.run(until: 6)
        #expect(cluster.outcome(of: .get(key: key)) == .ok(.value("ghost")))
        #expect(StoreRunAnalysis.readsOfUnacknowledgedWrites(cluster.simulator.history).count == 1)
        #expect(cluster.linearizable == .linearizable, "an unknown outcome may take effect at any time: still linearizable")
    }
}
