import Testing
import QuorumCore
@testable import QuorumStore

/// The run analysis against its definitions, written the slow way.
@Suite("Store run analysis")
struct RunAnalysisTests {
    /// A read is stale when some write acknowledged before it began was invoked after the read's
    /// value's write was acknowledged (or the read found nothing): checked pair by pair.
    static func naiveStaleReads(_ history: [HistoryEntry]) -> [Int] {
        func acked(_ entry: HistoryEntry) -> Bool { if case .ok(.done) = entry.outcome { return true } else { return false } }
        return history.compactMap { read in
            guard case .get(let key) = read.operation, case .ok(.value(let value)) = read.outcome else { return nil }
            let before = history.filter { entry in
                guard case .set(key, _) = entry.operation, acked(entry), let end = entry.completedAt else { return false }
                return end < read.invokedAt
            }
            guard !before.isEmpty else { return nil }
            guard let value else { return read.id }
            guard let source = history.first(where: { $0.operation == .set(key: key, value: value) }) else { return nil }
            guard acked(source), let end = source.completedAt else { return nil }
            return before.contains { end < $0.invokedAt } ? read.id : nil
        }
    }

    @Test func staleReadsMatchTheDefinition() throws {
        var found = 0
        for seed in UInt64(1)...30 {
            let cluster = StoreTestCluster(config: StoreConfig(readLevel: .one, writeLevel: .one), seed: seed, clients: 5)
            try cluster.script("at 1s partition n1 n2 | n3 n4 n5\nat 3s heal\nat 4s isolate n\(seed % 5 + 1)\nat 5s heal\n")
            cluster.run(until: 6)
            let fast = StoreRunAnalysis.staleReads(cluster.simulator.history)
            #expect(fast == Self.naiveStaleReads(cluster.simulator.history), "seed \(seed)")
            found += fast.count
        }
        #expect(found > 10, "the runs have stale reads to find")
    }

    @Test func lostWritesNeedAnEarlierSurvivor() {
        func entry(_ id: Int, _ operation: ClientOperation, _ from: Int64, _ to: Int64, _ outcome: HistoryEntry.Outcome) -> HistoryEntry {
            var entry = HistoryEntry(id: id, client: ClientID(id), sequence: 1, operation: operation, invokedAt: SimTime(micros: from))
            entry.completedAt = SimTime(micros: to)
            entry.outcome = outcome
            return entry
        }
        let history = [
            entry(0, .set(key: "x", value: "a"), 0, 10, .ok(.done)),
            entry(1, .set(key: "x", value: "b"), 20, 30, .ok(.done)),
            entry(2, .set(key: "x", value: "c"), 25, 40, .ok(.done)),
        ]
        let winner = { (value: String) in ["x": Cell(value: value, timestampMicros: 1, coordinator: NodeID(0))] }
        #expect(StoreRunAnalysis.lostWrites(history, surviving: winner("a")) == [1, 2], "a was acknowledged before b and c began")
        #expect(StoreRunAnalysis.lostWrites(history, surviving: winner("b")).isEmpty, "c overlaps b: either may win")
        #expect(StoreRunAnalysis.lostWrites(history, surviving: winner("c")).isEmpty)
    }

    /// The convergence check can fail both ways it looks: a replica that lacks the newest cell,
    /// and a hint still held although every replica has the cell (its ack was lost).
    @Test func convergenceFailsWhileAReplicaDiffersOrAHintIsLeft() throws {
        let cluster = StoreTestCluster(config: StoreConfig(readLevel: .one, writeLevel: .one, antiEntropyIntervalMicros: 0))
        let key = cluster.key { $0[0] == NodeID(0) }
        let replicas = cluster.ring.replicas(of: key)
        try cluster.script("""
            at 1s cut n1 -> \(replicas[1])
            at 1s cut \(replicas[2]) -> n1
            at 1100ms request n1 set \(key) v
            at 1200ms repair n1 -> \(replicas[1])
            """)
        #expect(StoreRunAnalysis.converged(cluster.simulator), "nothing written yet")
        cluster.run(until: 1.15)
        #expect(cluster.cell(replicas[1], key) == nil && !StoreRunAnalysis.converged(cluster.simulator))
        cluster.run(until: 1.9)
        // The write timed out at both, so n1 hints both; replicas[1] took its hint, replicas[2]
        // has the cell but its acks never reach n1.
        #expect(replicas.allSatisfy { cluster.cell($0, key)?.value == "v" })
        #expect(cluster.simulator.nodes[0].storage.hints.map(\.replica) == [replicas[2]])
        #expect(!StoreRunAnalysis.converged(cluster.simulator))
        try cluster.script("at 2s heal")
        cluster.run(until: 3)
        #expect(StoreRunAnalysis.converged(cluster.simulator))
    }
}
