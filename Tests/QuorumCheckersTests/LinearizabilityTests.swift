import QuorumCheckers
import QuorumCore
import Testing

@Suite("Linearizability on small histories")
struct LinearizabilityTests {
    private func op(_ id: Int, _ input: CheckedOperation.Input, _ output: CheckedOperation.Output, _ call: Int64, _ end: Int64,
                    key: String = "x", client: Int? = nil) -> CheckedOperation {
        CheckedOperation(id: id, client: client ?? id, key: key, input: input, output: output, call: call, returnTime: end)
    }

    // The search linearizes a read or a failed cas as soon as the state satisfies it, trying
    // nothing else there. A write of the value already held, or an unknown cas, must not be
    // treated so: placed later, it changes the state.
    @Test func pendingWriteOfTheCurrentValueCanStillTakeEffectLater() {
        let never = CheckedOperation.never
        let history = [op(0, .write("1"), .ok, 0, 10), op(1, .write("1"), .unknown, 5, never),
                       op(2, .write("2"), .ok, 20, 30), op(3, .read, .value("1"), 40, 50)]
        #expect(LinearizabilityChecker().check(history).verdict == .linearizable)
        let cas = [op(0, .write("1"), .ok, 0, 10), op(1, .cas(expected: "2", new: "1"), .unknown, 5, never),
                   op(2, .write("2"), .ok, 20, 30), op(3, .read, .value("1"), 40, 50)]
        #expect(LinearizabilityChecker().check(cas).verdict == .linearizable)
        let impossible = [op(0, .write("1"), .ok, 0, 10), op(1, .read, .value("1"), 5, 15),
                          op(2, .write("2"), .ok, 20, 30), op(3, .read, .value("1"), 40, 50)]
        #expect(LinearizabilityChecker().check(impossible).verdict == .notLinearizable)
    }

    // Reads forced early must still respect real time with the operations around them.
    @Test func readsSatisfiedEarlyKeepRealTimeOrder() {
        let history = [op(0, .write("1"), .ok, 0, 100), op(1, .read, .value(nil), 10, 20), op(2, .read, .value("1"), 30, 40),
                       op(3, .read, .value(nil), 50, 60)]
        #expect(LinearizabilityChecker().check(history).verdict == .notLinearizable)
        let fine = [op(0, .write("1"), .ok, 0, 100), op(1, .read, .value(nil), 10, 20), op(2, .read, .value(nil), 30, 40),
                    op(3, .read, .value("1"), 50, 60)]
        #expect(LinearizabilityChecker().check(fine).verdict == .linearizable)
    }

    // Several keys checked on several cores: the counterexample is always the first failing key.
    @Test func counterexampleKeyDoesNotDependOnScheduling() {
        var history: [CheckedOperation] = []
        for key in ["a", "b", "c", "d"] {
            let base = history.count
            history.append(op(base, .write("1"), .ok, 0, 1, key: key))
            history.append(op(base + 1, .read, .value(key == "a" ? "1" : nil), 2, 3, key: key))
        }
        for _ in 0..<20 { #expect(LinearizabilityChecker().check(history).counterexample?.key == "b") }
    }

    @Test func sequentialHistoryIsLinearizable() {
        let history = [op(0, .write("1"), .ok, 0, 1), op(1, .read, .value("1"), 2, 3), op(2, .cas(expected: "1", new: "2"), .swapped(true), 4, 5)]
        #expect(LinearizabilityChecker().check(history).verdict == .linearizable)
    }

    // A read that starts after a write finished must see it (real time).
    @Test func staleReadIsNotLinearizable() {
        let history = [op(0, .write("1"), .ok, 0, 1), op(1, .read, .value(nil), 2, 3)]
        let result = LinearizabilityChecker().check(history)
        #expect(result.verdict == .notLinearizable)
        #expect(result.counterexample?.stuck.contains { $0.id == 1 } == true)
    }

    // Overlapping operations may take effect in either order.
    @Test func concurrentReadMaySeeEitherValue() {
        for seen in [nil, "1"] as [String?] {
            let history = [op(0, .write("1"), .ok, 0, 10), op(1, .read, .value(seen), 2, 3)]
            #expect(LinearizabilityChecker().check(history).verdict == .linearizable)
        }
    }

    // An operation whose outcome is unknown may take effect at any time after its call, or never.
    @Test func unknownWriteMayOrMayNotTakeEffect() {
        let took = [op(0, .write("1"), .unknown, 0, CheckedOperation.never), op(1, .read, .value("1"), 5, 6)]
        let didNot = [op(0, .write("1"), .unknown, 0, CheckedOperation.never), op(1, .read, .value(nil), 5, 6)]
        let impossible = [op(0, .write("1"), .unknown, 0, CheckedOperation.never), op(1, .read, .value("2"), 5, 6)]
        #expect(LinearizabilityChecker().check(took).verdict == .linearizable)
        #expect(LinearizabilityChecker().check(didNot).verdict == .linearizable)
        #expect(LinearizabilityChecker().check(impossible).verdict == .notLinearizable)
    }

    @Test func failedCasIsAnObservation() {
        let history = [op(0, .write("1"), .ok, 0, 1), op(1, .cas(expected: "1", new: "2"), .swapped(false), 2, 3)]
        #expect(LinearizabilityChecker().check(history).verdict == .notLinearizable)
    }

    @Test func incrementsAreCounted() {
        let good = [op(0, .incr, .counter(1), 0, 5), op(1, .incr, .counter(2), 1, 6), op(2, .read, .value("2"), 7, 8)]
        let bad = [op(0, .incr, .counter(1), 0, 1), op(1, .incr, .counter(1), 2, 3)]
        #expect(LinearizabilityChecker().check(good).verdict == .linearizable)
        #expect(LinearizabilityChecker().check(bad).verdict == .notLinearizable)
    }

    // Keys are checked separately; one bad key makes the history not linearizable.
    @Test func keysAreIndependent() {
        let history = [
            op(0, .write("1"), .ok, 0, 1, key: "a"), op(1, .write("1"), .ok, 0, 1, key: "b"),
            op(2, .read, .value("1"), 2, 3, key: "a"), op(3, .read, .value(nil), 2, 3, key: "b"),
        ]
        let result = LinearizabilityChecker().check(history)
        #expect(result.verdict == .notLinearizable)
        #expect(result.counterexample?.key == "b")
    }

    @Test func appendModelConcatenates() {
        let history = [op(0, .append("x"), .ok, 0, 1), op(1, .append("y"), .ok, 2, 3), op(2, .read, .value("xy"), 4, 5)]
        #expect(LinearizabilityChecker(model: .emptyString).check(history).verdict == .linearizable)
    }

    @Test func tinyBudgetGivesUnknown() {
        // 14 concurrent writes and a read of a value nobody wrote: the search must try every order.
        var history = (0..<14).map { op($0, .write(String($0)), .ok, 0, 100) }
        history.append(op(14, .read, .value("99"), 0, 100))
        let result = LinearizabilityChecker(timeoutSeconds: 0).check(history)
        #expect(result.verdict == .unknown || result.verdict == .notLinearizable)
    }

    @Test func malformedLinesNameTheLine() {
        #expect(throws: InputError.self) { try HistoryFormat.jepsenEtcd.parse("INFO jepsen.util - 1 :invoke :read nil\nINFO jepsen.util - x :ok", source: "h.log") }
        do {
            _ = try HistoryFormat.jepsenEtcd.parse("INFO jepsen.util - 1 :invoke :read nil\ngarbage here\n", source: "h.log")
        } catch {
            #expect(error.description.hasPrefix("h.log:2: expected"))
        }
        do {
            _ = try HistoryFormat.porcupineKV.parse("{:process 0, :type :invoke, :f :frob, :key \"1\", :value nil}\n", source: "k.txt")
        } catch {
            #expect(error.description.hasPrefix("k.txt:1: unknown function ':frob'"))
        }
    }

    // Deterministic budgets: the budget is a count of search steps, so a verdict cannot depend on
    // the machine's speed; out of steps, the answer is unknown.
    @Test func budgetIsCountedInSearchSteps() {
        let history = [op(0, .write("1"), .ok, 0, 10), op(1, .read, .value(nil), 20, 30)]
        #expect(LinearizabilityChecker(budget: SearchBudget(steps: 0)).check(history).verdict == .unknown)
        let decided = LinearizabilityChecker(budget: SearchBudget(steps: 1_000_000)).check(history)
        #expect(decided.verdict == .notLinearizable)
        #expect(decided.steps == LinearizabilityChecker(budget: SearchBudget(steps: 1_000_000)).check(history).steps)
    }
}
