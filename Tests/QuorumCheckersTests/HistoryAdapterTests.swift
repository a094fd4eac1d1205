import QuorumCheckers
import QuorumCore
import Testing

@Suite("Simulated histories to checker operations")
struct HistoryAdapterTests {
    @Test func outcomesMapToOutputsAndTimes() {
        var ok = HistoryEntry(id: 0, client: ClientID(0), sequence: 1, operation: .set(key: "x", value: "1"), invokedAt: .millis(1))
        ok.outcome = .ok(.done)
        ok.completedAt = .millis(3)
        var unknown = HistoryEntry(id: 1, client: ClientID(1), sequence: 1, operation: .incr(key: "n"), invokedAt: .millis(2))
        unknown.outcome = .unknown
        unknown.completedAt = .millis(9)
        var failed = HistoryEntry(id: 2, client: ClientID(2), sequence: 1, operation: .get(key: "x"), invokedAt: .millis(2))
        failed.outcome = .failed("no node accepted it")
        let operations = HistoryAdapter.operations(from: [ok, unknown, failed])
        #expect(operations.count == 2, "a failed operation had no effect and is left out")
        #expect(operations[0].input == .write("1") && operations[0].output == .ok && operations[0].returnTime == 3_000)
        #expect(operations[1].output == .unknown && operations[1].returnTime == CheckedOperation.never)
    }
}
