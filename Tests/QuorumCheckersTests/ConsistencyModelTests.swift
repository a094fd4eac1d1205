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

    // Monotonic reads (Terry et al. 1994): c2 read 1, then the initial value, which precedes every write.
    @Test func monotonicReadsViolatedByReadingAnOlderVersion() throws {
        let broken = [op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 1, .read, .value("1"), 2, 3), op(2, client: 1, .read, .value(nil), 4, 5)]
        let sessions = try #require(SessionGuarantees.check(broken, linearizable: false))
        #expect(!sessions.monotonicReads && sessions.readYourWrites && sessions.monotonicWrites && sessions.writesFollowReads)
        // Judged on what others saw: c3 saw 1 before 2, so c2 going from 2 back to 1 breaks it.
        let others = [op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 1, .write("2"), .ok, 2, 3),
                      op(2, client: 2, .read, .value("1"), 4, 5), op(3, client: 2, .read, .value("2"), 6, 7),
                      op(4, client: 3, .read, .value("2"), 8, 9), op(5, client: 3, .read, .value("1"), 10, 11)]
        #expect(SessionGuarantees.check(others, linearizable: false)?.monotonicReads == false)
        let kept = [op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 1, .read, .value(nil), 2, 3), op(2, client: 1, .read, .value("1"), 4, 5)]
        #expect(SessionGuarantees.check(kept, linearizable: false)?.all == true)
    }

    // Monotonic writes: c1 wrote 1 then 2, and c2 saw the store apply 2 before 1. A client that
    // runs one operation at a time can break it (the old real-time test could not).
    @Test func monotonicWritesViolatedWhenTheStoreAppliesAClientsWritesOutOfOrder() throws {
        let broken = [op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 0, .write("2"), .ok, 2, 3),
                      op(2, client: 1, .read, .value("2"), 4, 5), op(3, client: 1, .read, .value("1"), 6, 7)]
        let sessions = try #require(SessionGuarantees.check(broken, linearizable: false))
        #expect(!sessions.monotonicWrites && sessions.monotonicReads && sessions.readYourWrites && sessions.writesFollowReads)
        #expect(sessions.violations.contains { $0.hasPrefix("monotonic writes: c1 op1 set x 2") })
        let kept = [op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 0, .write("2"), .ok, 2, 3),
                    op(2, client: 1, .read, .value("1"), 4, 5), op(3, client: 1, .read, .value("2"), 6, 7)]
        #expect(SessionGuarantees.check(kept, linearizable: false)?.all == true)
    }

    // Writes follow reads: c1 read 1 and then wrote 2, but c3 saw 2 applied before 1.
    @Test func writesFollowReadsViolatedWhenAWriteIsAppliedBeforeWhatItsClientRead() throws {
        let broken = [op(0, client: 1, .write("1"), .ok, 0, 1), op(1, client: 0, .read, .value("1"), 2, 3), op(2, client: 0, .write("2"), .ok, 4, 5),
                      op(3, client: 2, .read, .value("2"), 6, 7), op(4, client: 2, .read, .value("1"), 8, 9)]
        let sessions = try #require(SessionGuarantees.check(broken, linearizable: false))
        #expect(!sessions.writesFollowReads && sessions.monotonicWrites && sessions.monotonicReads && sessions.readYourWrites)
        let kept = [op(0, client: 1, .write("1"), .ok, 0, 1), op(1, client: 0, .read, .value("1"), 2, 3), op(2, client: 0, .write("2"), .ok, 4, 5),
                    op(3, client: 2, .read, .value("1"), 6, 7), op(4, client: 2, .read, .value("2"), 8, 9)]
        #expect(SessionGuarantees.check(kept, linearizable: false)?.all == true)
    }

    // Read your writes: c1 wrote 2, then read 1, which c2 saw applied before 2.
    @Test func readYourWritesViolatedByReadingAVersionBeforeOwnWrite() throws {
        let broken = [op(0, client: 1, .write("1"), .ok, 0, 1), op(1, client: 0, .write("2"), .ok, 2, 3), op(2, client: 0, .read, .value("1"), 4, 5),
                      op(3, client: 2, .read, .value("1"), 6, 7), op(4, client: 2, .read, .value("2"), 8, 9)]
        let sessions = try #require(SessionGuarantees.check(broken, linearizable: false))
        #expect(!sessions.readYourWrites && sessions.monotonicWrites && sessions.writesFollowReads)
        let kept = [op(0, client: 1, .write("1"), .ok, 0, 1), op(1, client: 0, .write("2"), .ok, 2, 3), op(2, client: 0, .read, .value("2"), 4, 5),
                    op(3, client: 2, .read, .value("1"), 6, 7), op(4, client: 2, .read, .value("2"), 8, 9)]
        #expect(SessionGuarantees.check(kept, linearizable: false)?.all == true)
    }

    // Jepsen's convention in sessions: c1 gave up on writing 1 and moved on to write 2; the store
    // may apply the abandoned write later, so 2 before 1 breaks no guarantee.
    @Test func unknownWriteIsConcurrentWithItsClientsLaterWrites() {
        let history = [op(0, client: 0, .write("1"), .unknown, 0, CheckedOperation.never), op(1, client: 0, .write("2"), .ok, 2, 3),
                       op(2, client: 1, .read, .value("2"), 4, 5), op(3, client: 1, .read, .value("1"), 6, 7)]
        #expect(SessionGuarantees.check(history, linearizable: false)?.all == true)
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
