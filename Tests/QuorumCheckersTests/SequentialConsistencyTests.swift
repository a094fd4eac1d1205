import QuorumCheckers
import Testing

/// The sequential-consistency search against an exhaustive oracle, and its rules one by one.
@Suite("Sequential consistency search")
struct SequentialConsistencyTests {
    private func op(_ id: Int, client: Int, _ input: CheckedOperation.Input, _ output: CheckedOperation.Output,
                    _ call: Int64, _ end: Int64, key: String = "x") -> CheckedOperation {
        CheckedOperation(id: id, client: client, key: key, input: input, output: output, call: call, returnTime: end)
    }

    // Jepsen's convention: a client that gave up moved on, and its write may take effect after
    // the client's later operations. Here c1 gives up on `set x 1`, then reads nil: the write took
    // effect later, when c2 read it.
    @Test func unknownOperationIsConcurrentWithItsClientsLaterOperations() {
        let never = CheckedOperation.never
        let history = [op(0, client: 0, .write("1"), .unknown, 0, never), op(1, client: 0, .read, .value(nil), 10, 11),
                       op(2, client: 1, .read, .value("1"), 20, 21)]
        #expect(SequentialConsistencyChecker().searchInterleavings(history) == .linearizable)
        // It still cannot take effect before its client's earlier operations.
        let before = [op(0, client: 0, .read, .value("1"), 0, 1), op(1, client: 0, .write("1"), .unknown, 10, never)]
        #expect(SequentialConsistencyChecker().searchInterleavings(before) == .notLinearizable)
        // And it may never take effect.
        let never2 = [op(0, client: 0, .write("1"), .unknown, 0, never), op(1, client: 1, .read, .value(nil), 20, 21)]
        #expect(SequentialConsistencyChecker().searchInterleavings(never2) == .linearizable)
    }

    // Reads-from: once the only write of a value is overwritten, no later read can return it.
    @Test func readsFromForbidsReadingAnOverwrittenUniqueValue() {
        let history = [op(0, client: 0, .write("1"), .ok, 0, 1), op(1, client: 0, .write("2"), .ok, 2, 3),
                       op(2, client: 1, .read, .value("2"), 4, 5), op(3, client: 1, .read, .value("1"), 6, 7)]
        #expect(SequentialConsistencyChecker().searchInterleavings(history) == .notLinearizable)
    }

    // The search's budget is a count of steps: a budget of zero steps gives `unknown`, on every machine.
    @Test func budgetIsCountedInStepsNotTime() {
        let history = [op(0, client: 0, .write("a"), .ok, 0, 10), op(1, client: 1, .write("b"), .ok, 0, 10),
                       op(2, client: 2, .read, .value("a"), 11, 12), op(3, client: 2, .read, .value("b"), 13, 14),
                       op(4, client: 3, .read, .value("b"), 11, 12), op(5, client: 3, .read, .value("a"), 13, 14)]
        #expect(SequentialConsistencyChecker(budget: SearchBudget(steps: 0)).searchInterleavings(history) == .unknown)
        #expect(SequentialConsistencyChecker(budget: SearchBudget(steps: 1_000)).searchInterleavings(history) == .notLinearizable)
    }

    // Thousands of small random histories: the search with all its reductions agrees with a plain
    // exhaustive search over every interleaving (and every subset and placement of unknown operations).
    @Test func searchAgreesWithExhaustiveOracle() {
        var random = SplitMix(seed: 13)
        var answers = [Verdict: Int]()
        for round in 0..<3_000 {
            let history = RandomHistory.make(&random, observed: round % 2 == 0)
            let expected = ExhaustiveOracle.isSequentiallyConsistent(history) ? Verdict.linearizable : .notLinearizable
            let found = SequentialConsistencyChecker(budget: SearchBudget(steps: 1_000_000)).searchInterleavings(history)
            answers[found, default: 0] += 1
            #expect(found == expected, "round \(round): \(history.map(\.description))")
            if found != expected { return }
        }
        // Both answers must be well represented, or the comparison says little.
        #expect(answers[.linearizable, default: 0] > 600 && answers[.notLinearizable, default: 0] > 600, "\(answers)")
    }
}

/// A test-only sequential-consistency oracle: tries every interleaving, with no memo and no pruning.
enum ExhaustiveOracle {
    static func isSequentiallyConsistent(_ history: [CheckedOperation], model: KeyValueModel = .register) -> Bool {
        var clients: [Int: [CheckedOperation]] = [:]
        for operation in history { clients[operation.client, default: []].append(operation) }
        let sessions = clients.keys.sorted().map { clients[$0]!.sorted { $0.call < $1.call } }
        var definite: [[CheckedOperation]] = []
        var floating: [(operation: CheckedOperation, client: Int, after: Int)] = []
        for (client, session) in sessions.enumerated() {
            var sequence: [CheckedOperation] = []
            for operation in session {
                if operation.output == .unknown { floating.append((operation, client, sequence.count)) } else { sequence.append(operation) }
            }
            definite.append(sequence)
        }
        var positions = Array(repeating: 0, count: definite.count)
        var applied = Array(repeating: false, count: floating.count)
        var state: [String: String?] = [:]
        func value(_ key: String) -> String? { state[key] ?? model.initial }
        func explore() -> Bool {
            if positions.indices.allSatisfy({ positions[$0] == definite[$0].count }) { return true }
            for client in definite.indices where positions[client] < definite[client].count {
                let operation = definite[client][positions[client]]
                guard let next = model.step(value(operation.key), operation.input, operation.output) else { continue }
                let saved = state[operation.key]
                state[operation.key] = .some(next)
                positions[client] += 1
                if explore() { return true }
                positions[client] -= 1
                state[operation.key] = saved
            }
            for index in floating.indices where !applied[index] && positions[floating[index].client] >= floating[index].after {
                let operation = floating[index].operation
                guard let next = model.step(value(operation.key), operation.input, operation.output) else { continue }
                let saved = state[operation.key]
                state[operation.key] = .some(next)
                applied[index] = true
                if explore() { return true }
                applied[index] = false
                state[operation.key] = saved
            }
            return false
        }
        return explore()
    }
}

/// Small random histories over two keys, values from a tiny set (so they repeat), some outcomes unknown.
/// `observed` histories come from a random interleaving actually executed (then one answer is
/// sometimes changed), so that both verdicts are common.
enum RandomHistory {
    static func make(_ random: inout SplitMix, observed: Bool) -> [CheckedOperation] {
        let clientCount = 1 + random.next(3)
        let operationCount = 2 + random.next(6)
        let keys = ["x", "y"]
        let values = ["1", "2", "3"]
        var history: [CheckedOperation] = []
        var state: [String: String] = [:]
        for id in 0..<operationCount {
            let key = keys[random.next(random.next(4) == 0 ? 2 : 1)]
            let current = state[key]
            let input: CheckedOperation.Input
            switch random.next(10) {
            case 0...3: input = .read
            case 4...6: input = .write(values[random.next(3)])
            case 7: input = .append(values[random.next(3)])
            default: input = .cas(expected: values[random.next(3)], new: values[random.next(3)])
            }
            var output: CheckedOperation.Output
            if observed {
                let next = KeyValueModel.register.step(current, input, .unknown) ?? current
                switch input {
                case .read: output = .value(current)
                case .write, .append: output = .ok
                case .cas(let expected, _): output = .swapped(current == expected)
                case .incr: output = .unknown
                }
                let tookEffect = random.next(6) != 0
                if random.next(5) == 0 { output = .unknown }
                if case .read = input, random.next(8) == 0 { output = .value(values[random.next(3)]) }
                if output != .unknown || tookEffect { state[key] = next }
            } else {
                switch input {
                case .read: output = .value(random.next(4) == 0 ? nil : values[random.next(3)] + (random.next(4) == 0 ? values[random.next(3)] : ""))
                case .write, .append: output = .ok
                case .cas: output = .swapped(random.next(2) == 0)
                case .incr: output = .unknown
                }
                if random.next(5) == 0 { output = .unknown }
            }
            let client = random.next(clientCount)
            let call = Int64(id * 10 + random.next(5))
            history.append(CheckedOperation(id: id, client: client, key: key, input: input, output: output,
                                            call: call, returnTime: output == .unknown ? CheckedOperation.never : call + 5))
        }
        return history
    }
}

/// A tiny deterministic generator (tests must not depend on the system's random numbers).
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
