import Foundation

/// Linearizability by Wing & Gong's search with Lowe's improvements, as Porcupine does it:
/// calls and returns in one time-ordered linked list; the search linearizes the first call it can,
/// lifting the call and its return out of the list, and backtracks when it meets a return whose
/// operation it has not linearized. Visited (set of linearized operations, model state) pairs are
/// memoised, and the history is split by key (P-compositionality: it is linearizable iff every
/// key's sub-history is).
public struct LinearizabilityChecker: Sendable {
    public var model: KeyValueModel
    /// Give up (verdict unknown) after this long.
    public var timeoutSeconds: Double

    public init(model: KeyValueModel = .register, timeoutSeconds: Double = 10) {
        self.model = model
        self.timeoutSeconds = timeoutSeconds
    }

    public func check(_ operations: [CheckedOperation]) -> LinearizabilityResult {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeoutSeconds) * 1e9)
        var byKey: [String: [CheckedOperation]] = [:]
        for operation in operations { byKey[operation.key, default: []].append(operation) }
        // Keys in sorted order, so results are the same in every process. Searches take turns
        // with doubling budgets, so one hard key cannot hide another key's quick violation.
        var searches = byKey.keys.sorted().map { key in
            byKey[key]!.count <= InlineBits.capacity
                ? AnyKeySearch(KeySearch<InlineBits>(operations: byKey[key]!, model: model), key: key)
                : AnyKeySearch(KeySearch<ArrayBits>(operations: byKey[key]!, model: model), key: key)
        }
        var budget = 20_000
        while !searches.isEmpty {
            var unfinished: [AnyKeySearch] = []
            for var search in searches {
                switch search.advance(budget) {
                case .some(.notLinearizable):
                    return LinearizabilityResult(verdict: .notLinearizable, operations: operations.count, counterexample: search.counterexample())
                case .some: continue
                case .none: unfinished.append(search)
                }
            }
            searches = unfinished
            if !searches.isEmpty, DispatchTime.now().uptimeNanoseconds > deadline {
                return LinearizabilityResult(verdict: .unknown, operations: operations.count, counterexample: nil)
            }
            budget *= 2
        }
        return LinearizabilityResult(verdict: .linearizable, operations: operations.count, counterexample: nil)
    }
}

/// Holds a search so that closures can advance it in place.
final class SearchBox<Bits: LinearizedSet> {
    var search: KeySearch<Bits>
    init(_ search: KeySearch<Bits>) { self.search = search }
}

/// A key's search with its element type erased, so searches of both kinds can take turns.
struct AnyKeySearch {
    private var advanceBody: (Int) -> Verdict?
    private let counterexampleBody: () -> Counterexample

    init<Bits>(_ search: KeySearch<Bits>, key: String) {
        let box = SearchBox(search)
        advanceBody = { box.search.advance(iterations: $0) }
        counterexampleBody = { box.search.counterexample(key: key) }
    }

    /// Runs up to `iterations` steps; nil while undecided.
    mutating func advance(_ iterations: Int) -> Verdict? { advanceBody(iterations) }

    func counterexample() -> Counterexample { counterexampleBody() }
}

/// The search over one key's operations, generic over how the set of linearized operations is
/// held (inline for small keys, so memoising allocates nothing).
struct KeySearch<Bits: LinearizedSet> {
    private struct Memo: Hashable {
        let linearized: Bits
        let state: Int
    }

    /// Model states, interned: the memo compares small integers instead of strings.
    private var states: [String?] = []
    private var stateIDs: [String?: Int] = [:]

    /// Model steps, cached by (state, operation): after the first time, a step is one lookup.
    private var transitions: [Int: Int] = [:]

    @inline(__always)
    private mutating func transition(from state: Int, by operation: Int) -> Int? {
        let key = state &* operations.count &+ operation
        if let cached = transitions[key] { return cached < 0 ? nil : cached }
        let op = operations[operation]
        let result: Int?
        if case .append = op.input, let value = model.step(states[state], op.input, op.output) {
            // A new state named by its path, not its content: appended strings grow long and
            // hashing them dominated. Equal contents by different paths only cost memo hits.
            states.append(value)
            result = states.count - 1
        } else {
            result = model.step(states[state], op.input, op.output).map { intern($0) }
        }
        transitions[key] = result ?? -1
        return result
    }

    private mutating func intern(_ state: String?) -> Int {
        if let id = stateIDs[state] { return id }
        states.append(state)
        stateIDs[state] = states.count - 1
        return states.count - 1
    }

    private let operations: [CheckedOperation]
    private let model: KeyValueModel
    // The search's position, kept between turns.
    private var linearized: Bits
    private var memo = Set<Memo>()
    private var stack: [(call: Int, state: Int)] = []
    private var state = 0
    private var entry = 0
    // The doubly linked list of entries; entry 0 is the head sentinel. Entry e > 0 is the call
    // (isCall) or the return of operation `operationOf[e]`; `matchOf[call]` is its return entry.
    private var next: [Int]
    private var previous: [Int]
    private var operationOf: [Int]
    private var isCall: [Bool]
    private var matchOf: [Int]
    private var deepest: [Int] = []
    private var stuckAtDeepest: [Int] = []

    init(operations: [CheckedOperation], model: KeyValueModel) {
        self.operations = operations
        self.model = model
        self.linearized = Bits(capacity: operations.count)
        var events: [(time: Int64, isCall: Bool, operation: Int)] = []
        for (index, operation) in operations.enumerated() {
            events.append((operation.call, true, index))
            events.append((operation.returnTime, false, index))
        }
        // By time; at equal times calls first (they overlap), then by operation for stability.
        events.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.isCall != b.isCall { return a.isCall }
            return a.operation < b.operation
        }
        let count = events.count + 1
        next = Array(0..<count).map { $0 + 1 }
        next[count - 1] = -1
        previous = Array(-1..<(count - 1))
        operationOf = [-1] + events.map(\.operation)
        isCall = [false] + events.map(\.isCall)
        matchOf = Array(repeating: -1, count: count)
        var callEntry = Array(repeating: -1, count: operations.count)
        for entry in 1..<count {
            if isCall[entry] { callEntry[operationOf[entry]] = entry } else { matchOf[callEntry[operationOf[entry]]] = entry }
        }
        state = intern(model.initial)
        entry = next[0]
    }

    /// Removes a call and its return from the list.
    private mutating func lift(_ call: Int) {
        let match = matchOf[call]
        next[previous[call]] = next[call]
        if next[call] >= 0 { previous[next[call]] = previous[call] }
        next[previous[match]] = next[match]
        if next[match] >= 0 { previous[next[match]] = previous[match] }
    }

    /// Puts them back (in reverse order of removal).
    private mutating func unlift(_ call: Int) {
        let match = matchOf[call]
        if next[match] >= 0 { previous[next[match]] = match }
        next[previous[match]] = match
        if next[call] >= 0 { previous[next[call]] = call }
        next[previous[call]] = call
    }

    /// Runs up to `iterations` steps of the search; nil while undecided.
    mutating func advance(iterations: Int) -> Verdict? {
        var remaining = iterations
        while next[0] >= 0 {
            remaining -= 1
            if remaining < 0 { return nil }
            if entry >= 0, isCall[entry] {
                if let newState = transition(from: state, by: operationOf[entry]) {
                    var candidate = linearized
                    candidate.insert(operationOf[entry])
                    if memo.insert(Memo(linearized: candidate, state: newState)).inserted {
                        stack.append((entry, state))
                        state = newState
                        linearized = candidate
                        lift(entry)
                        entry = next[0]
                        continue
                    }
                }
                entry = next[entry]
                continue
            }
            // A return whose operation is not linearized (or the end): backtrack.
            if stack.count > deepest.count || (deepest.isEmpty && stuckAtDeepest.isEmpty) { noteDepth(stack.map(\.call)) }
            guard let top = stack.popLast() else { return .notLinearizable }
            state = top.state
            linearized.remove(operationOf[top.call])
            unlift(top.call)
            entry = next[top.call]
        }
        return .linearizable
    }

    /// Remembers the deepest partial linearization and the calls that could not follow it.
    private mutating func noteDepth(_ calls: [Int]) {
        deepest = calls
        stuckAtDeepest = []
        var entry = next[0]
        while entry >= 0, isCall[entry] {
            stuckAtDeepest.append(entry)
            entry = next[entry]
        }
        if entry >= 0 { stuckAtDeepest.append(entry) }  // the return that could not be passed
    }

    func counterexample(key: String) -> Counterexample {
        var seen = Set<Int>()
        let stuck = stuckAtDeepest.map { operationOf[$0] }.filter { seen.insert($0).inserted }
        return Counterexample(key: key, prefix: deepest.map { operations[operationOf[$0]] }, stuck: stuck.map { operations[$0] })
    }
}

/// The set of operations linearized so far.
protocol LinearizedSet: Hashable {
    init(capacity: Int)
    mutating func insert(_ member: Int)
    mutating func remove(_ member: Int)
}

/// Up to 256 operations in four words, no allocation.
struct InlineBits: LinearizedSet {
    static let capacity = 256
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(capacity: Int) { precondition(capacity <= InlineBits.capacity) }

    mutating func insert(_ member: Int) { update(member) { $0 | $1 } }
    mutating func remove(_ member: Int) { update(member) { $0 & ~$1 } }

    @inline(__always)
    private mutating func update(_ member: Int, _ change: (UInt64, UInt64) -> UInt64) {
        let bit = UInt64(1) << UInt64(member & 63)
        switch member >> 6 {
        case 0: words.0 = change(words.0, bit)
        case 1: words.1 = change(words.1, bit)
        case 2: words.2 = change(words.2, bit)
        default: words.3 = change(words.3, bit)
        }
    }

    static func == (lhs: InlineBits, rhs: InlineBits) -> Bool { lhs.words == rhs.words }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

/// Any number of operations.
struct ArrayBits: LinearizedSet {
    private var words: [UInt64]

    init(capacity: Int) { words = Array(repeating: 0, count: (capacity + 63) / 64) }

    mutating func insert(_ member: Int) { words[member >> 6] |= UInt64(1) << UInt64(member & 63) }
    mutating func remove(_ member: Int) { words[member >> 6] &= ~(UInt64(1) << UInt64(member & 63)) }
}
