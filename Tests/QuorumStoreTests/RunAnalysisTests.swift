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
}
