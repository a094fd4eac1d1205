import QuorumCheckers
import Testing

@Suite("Sequential consistency and session guarantees")
struct ConsistencyModelTests {
    private func op(_ id: Int, client: Int, _ input: CheckedOperation.Input, _ output: CheckedOperation.Output,
                    _ call: Int64, _ end: Int64, key: String = "x") -> CheckedOperation {
        CheckedOperation(id: id, client: client, key: key, input: input, output: output, call: call, returnTime: end)
    }

    // A stale read by another client is sequentially consistent (order it before the write) but
    // not linearizable.
    @Test func staleReadIsSequentiallyConsistentButNotLinearizable() {
        let history = [op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 1, .read, .value(nil), 2, 3)]
        #expect(LinearizabilityChecker().check(history).verdict == .notLinearizable)
        #expect(SequentialConsistencyChecker().check(history) == .linearizable)
    }

    // A client that does not see its own write breaks sequential consistency.
    @Test func ownWriteInvisibleIsNotSequentiallyConsistent() throws {
        let history = [op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 0, .read, .value(nil), 2, 3)]
        #expect(SequentialConsistencyChecker().check(history) == .notLinearizable)
        let sessions = try #require(SessionGuarantees.check(history, linearizable: false))
        #expect(!sessions.readYourWrites)
        #expect(!sessions.violations.isEmpty)
    }

    // Two clients that see two writes in opposite orders: no single order explains both.
    @Test func oppositeOrdersAreNotSequentiallyConsistent() {
        let history = [
            op(0, client: 0, .write("a"), .ok, 0, 10), op(1, client: 1, .write("b"), .ok, 0, 10),
            op(2, client: 2, .read, .value("a"), 11, 12), op(3, client: 2, .read, .value("b"), 13, 14),
            op(4, client: 3, .read, .value("b"), 11, 12), op(5, client: 3, .read, .value("a"), 13, 14),
        ]
        #expect(SequentialConsistencyChecker().check(history) == .notLinearizable)
    }

    @Test func monotonicReadsViolated() throws {
        let history = [
            op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 0, .write("2"), .ok, 2, 3),
            op(2, client: 1, .read, .value("2"), 4, 5), op(3, client: 1, .read, .value("1"), 6, 7),
        ]
        let sessions = try #require(SessionGuarantees.check(history, linearizable: false))
        #expect(!sessions.monotonicReads)
        #expect(sessions.readYourWrites)
    }

    @Test func cleanSessionsHoldEverything() {
        let history = [
            op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 0, .read, .value("1"), 2, 3),
            op(2, client: 1, .read, .value("1"), 4, 5), op(3, client: 1, .write("2"), .ok, 6, 7),
            op(4, client: 0, .read, .value("2"), 8, 9),
        ]
        #expect(SessionGuarantees.check(history, linearizable: false)?.all == true)
    }

    @Test func repeatedValuesOrAppendsCannotBeJudged() {
        let repeated = [op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 1, .write("1"), .ok, 2, 3), op(2, client: 0, .read, .value("1"), 4, 5)]
        #expect(SessionGuarantees.check(repeated, linearizable: false) == nil)
        let appends = [op(0, client: 0, .append("a"), .ok, 0, 1), op(1, client: 0, .read, .value("a"), 2, 3)]
        #expect(SessionGuarantees.check(appends, linearizable: false) == nil)
        #expect(SessionGuarantees.check(repeated, linearizable: true)?.all == true)
    }
}
