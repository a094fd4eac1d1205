import Foundation
import Synchronization

/// Linearizability by Wing & Gong's search with Lowe's improvements, as Porcupine does it:
/// calls and returns in one time-ordered linked list; the search linearizes the first call it can,
/// lifting the call and its return out of the list, and backtracks when it meets a return whose
/// operation it has not linearized. Visited (set of linearized operations, model state) pairs are
/// memoised, and the history is split by key (P-compositionality: it is linearizable iff every
/// key's sub-history is).
public struct LinearizabilityChecker: Sendable {
    public var model: KeyValueModel
    /// Give up (verdict unknown) after this many search steps (or past its wall-clock deadline).
    public var budget: SearchBudget

    /// Search iterations per nominal second: roughly what a release build does per second on a
    /// 2-core machine. Converts durations people give to step budgets.
    public static let stepsPerNominalSecond = 20_000_000

    public init(model: KeyValueModel = .register, budget: SearchBudget) {
        self.model = model
        self.budget = budget
    }

    /// A budget of `timeoutSeconds` nominal seconds, as a step count (deterministic).
    public init(model: KeyValueModel = .register, timeoutSeconds: Double = 10) {
        self.init(model: model, budget: SearchBudget(steps: SearchBudget.steps(seconds: timeoutSeconds, rate: LinearizabilityChecker.stepsPerNominalSecond)))
    }

    public func check(_ operations: [CheckedOperation]) -> LinearizabilityResult {
        var byKey: [String: [CheckedOperation]] = [:]
        for operation in operations { byKey[operation.key, default: []].append(operation) }
        // Keys in sorted order, so results are the same in every process.
        let searches = byKey.keys.sorted().map { key in
            let keyOperations = byKey[key]!
            switch keyOperations.count {
            case ...PairBits.capacity: return AnyKeySearch(KeySearch<PairBits>(operations: keyOperations, model: model), key: key, size: keyOperations.count)
            case ...InlineBits.capacity: return AnyKeySearch(KeySearch<InlineBits>(operations: keyOperations, model: model), key: key, size: keyOperations.count)
            default: return AnyKeySearch(KeySearch<ArrayBits>(operations: keyOperations, model: model), key: key, size: keyOperations.count)
            }
        }
        var race = KeyRace(searches: searches)
        var roundBudget = 20_000
        var spent = 0
        while !race.isDecided {
            // A round costs at most its budget per undecided key; counting that (not the steps each
            // key happened to use) keeps the decision to stop independent of scheduling.
            let cost = roundBudget.multipliedReportingOverflow(by: race.undecidedCount)
            if cost.overflow || cost.partialValue > budget.steps - spent || budget.isPastDeadline {
                return LinearizabilityResult(verdict: .unknown, operations: operations.count, counterexample: nil, steps: spent)
            }
            spent += cost.partialValue
            race.runRound(budget: roundBudget)
            roundBudget = min(roundBudget * 2, 1 << 40)
        }
        var result = race.result(operations: operations.count)
        result.steps = spent
        return result
    }
}

/// Runs the per-key searches in rounds with doubling budgets, so that one hard key cannot hide
/// another key's quick violation. Within a round the keys run on every core. A round's outcome
/// depends only on iteration counts, never on timing, so the counterexample reported (the first
/// failing key in sorted order, in the first round with a failure) is the same on any machine.
struct KeyRace {
    private let searches: [AnyKeySearch]
    private var verdicts: [Verdict?]
    /// Keys still undecided, largest first so that the longest searches start early.
    private var active: [Int]
    private var failure: Int?

    init(searches: [AnyKeySearch]) {
        self.searches = searches
        verdicts = Array(repeating: nil, count: searches.count)
        active = searches.indices.sorted { (searches[$0].size, $1) > (searches[$1].size, $0) }
    }

    var isDecided: Bool { failure != nil || active.isEmpty }
    var undecidedCount: Int { active.count }

    /// Advances every undecided key by `budget` steps. Workers claim keys under a lock and hand
    /// their verdicts back under it: no memory is shared between them but through the Mutex, and
    /// each key's search (in its own locked box) is advanced by exactly one worker.
    mutating func runRound(budget: Int) {
        let round = RoundState(keys: active)
        let searches = self.searches
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, active.count)
        let work: @Sendable (Int) -> Void = { _ in
            while let index = round.claim() {
                round.report(index, searches[index].advance(budget))
            }
        }
        if workers > 1 {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        } else {
            work(0)
        }
        for (index, verdict) in round.results() { verdicts[index] = verdict }
        failure = active.filter { verdicts[$0] == .notLinearizable }.min()
        active = active.filter { verdicts[$0] == nil }
    }

    func result(operations: Int) -> LinearizabilityResult {
        if let failure {
            return LinearizabilityResult(verdict: .notLinearizable, operations: operations, counterexample: searches[failure].counterexample())
        }
        return LinearizabilityResult(verdict: .linearizable, operations: operations, counterexample: nil)
    }
}

/// One round's shared state: the keys to claim and the verdicts reported, behind one lock.
final class RoundState: Sendable {
    private struct Contents {
        var keys: [Int]
        var next = 0
        var verdicts: [(Int, Verdict?)] = []
    }

    private let contents: Mutex<Contents>

    init(keys: [Int]) { contents = Mutex(Contents(keys: keys)) }

    func claim() -> Int? {
        contents.withLock { contents in
            guard contents.next < contents.keys.count else { return nil }
            defer { contents.next += 1 }
            return contents.keys[contents.next]
        }
    }

    func report(_ index: Int, _ verdict: Verdict?) { contents.withLock { $0.verdicts.append((index, verdict)) } }

    func results() -> [(Int, Verdict?)] { contents.withLock { $0.verdicts } }
}

/// Holds a search behind a lock so that a worker can advance it in place; a key is advanced by
/// one worker at a time, so the lock is never contended, but it makes the hand-over between
/// rounds (and threads) safe by construction.
final class SearchBox<Bits: LinearizedSet>: Sendable {
    let search: Mutex<KeySearch<Bits>>
    init(_ search: KeySearch<Bits>) { self.search = Mutex(search) }
}

/// A key's search with its element type erased, so searches of both kinds can take turns.
struct AnyKeySearch: Sendable {
    private let advanceBody: @Sendable (Int) -> Verdict?
    private let counterexampleBody: @Sendable () -> Counterexample

    /// How many operations the key has (larger keys are searched first).
    let size: Int

    init<Bits>(_ search: KeySearch<Bits>, key: String, size: Int) {
        self.size = size
        let box = SearchBox(search)
        advanceBody = { iterations in box.search.withLock { $0.advance(iterations: iterations) } }
        counterexampleBody = { box.search.withLock { $0.counterexample(key: key) } }
    }

    /// Runs up to `iterations` steps; nil while undecided.
    func advance(_ iterations: Int) -> Verdict? { advanceBody(iterations) }

    func counterexample() -> Counterexample { counterexampleBody() }
}

/// The search over one key's operations, generic over how the set of linearized operations is
/// held (inline for small keys, so memoising allocates nothing).
struct KeySearch<Bits: LinearizedSet>: Sendable {
    /// Model states as small integers, so the memo compares integers instead of strings.
    private var values = ValueStore()

    /// Appends, cached by (state, operation): an appended state is named by its path, so the
    /// same append to the same state must give the same state for the memo to recognise it.
    private var appends = TransitionTable()
    /// Per operation, the value a read answered or a cas expected, prepared for comparisons.
    private var probes: [ValueStore.Probe?] = []
    /// Per operation, the state a write or a successful cas leaves (-1: none).
    private var written: [Int] = []
    /// Per operation: true when no legal step of it changes the state (reads, failed cas).
    private var neverChanges: [Bool] = []

    /// What each operation does to a state, decided once so the hot loop touches no strings.
    private enum Step {
        case read, anything, append, write, casSwapped, casRefused, casMaybe, model
    }
    private var steps: [Step] = []

    /// The model's step (KeyValueModel) over interned states, comparing without building strings.
    @inline(__always)
    private mutating func transition(from state: Int, by index: Int) -> Int? {
        switch steps[index] {
        case .read: return values.equals(state, probes[index]!) ? state : nil
        case .anything: return state
        case .append:
            let key = state &* operations.count &+ index
            if let cached = appends.value(for: key) { return cached }
            guard case .append(let suffix) = operations[index].input else { return nil }
            let next = values.appending(suffix, to: state)
            appends.set(next, for: key)
            return next
        case .write: return written[index]
        case .casSwapped: return values.equals(state, probes[index]!) ? written[index] : nil
        case .casRefused: return values.equals(state, probes[index]!) ? nil : state
        case .casMaybe: return values.equals(state, probes[index]!) ? written[index] : state
        case .model:
            // Everything else (incr, refusals, impossible answers) through the model itself.
            let operation = operations[index]
            guard let next = model.step(values.value(state), operation.input, operation.output) else { return nil }
            return values.intern(next)
        }
    }

    private static func step(for operation: CheckedOperation) -> Step {
        switch (operation.input, operation.output) {
        case (.read, .value): return .read
        case (.read, .unknown): return .anything
        case (.append, .ok), (.append, .unknown): return .append
        case (.write, .ok), (.write, .unknown): return .write
        case (.cas, .swapped(true)): return .casSwapped
        case (.cas, .swapped(false)): return .casRefused
        case (.cas, .unknown): return .casMaybe
        default: return .model
        }
    }

    private let operations: [CheckedOperation]
    private let model: KeyValueModel
    // The search's position, kept between turns.
    private var linearized: Bits
    private var memo = MemoTable<Bits>()
    private var stack: [(call: Int, state: Int, forced: Bool)] = []
    /// True when the search just descended and has not yet looked for a forced move.
    private var atNewNode = true
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
        for operation in operations {
            switch (operation.input, operation.output) {
            case (.read, .value(let value)): probes.append(values.probe(value))
            case (.cas(let expected, _), _): probes.append(values.probe(expected))
            default: probes.append(nil)
            }
            switch operation.input {
            case .write(let value), .cas(_, let value): written.append(values.intern(value))
            default: written.append(-1)
            }
            steps.append(KeySearch.step(for: operation))
            switch steps.last! {
            case .read, .anything, .casRefused: neverChanges.append(true)
            default: neverChanges.append(false)
            }
        }
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
        state = values.intern(model.initial)
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
            if atNewNode {
                atNewNode = false
                if let call = unchangingCall() {
                    var candidate = linearized
                    candidate.insert(operationOf[call])
                    if memo.insert(candidate, state: state) {
                        descend(call, to: state, forced: true)
                    } else if !backtrack() {
                        return .notLinearizable  // explored from here before, and it failed
                    }
                    continue
                }
            }
            if entry >= 0, isCall[entry] {
                if let newState = transition(from: state, by: operationOf[entry]) {
                    var candidate = linearized
                    candidate.insert(operationOf[entry])
                    if memo.insert(candidate, state: newState) {
                        descend(entry, to: newState, forced: false)
                        continue
                    }
                }
                entry = next[entry]
                continue
            }
            // A return whose operation is not linearized (or the end): backtrack.
            if !backtrack() { return .notLinearizable }
        }
        return .linearizable
    }

    /// A pending call that never changes the state (a read, a cas that answered false) and that
    /// the current state satisfies. Linearizing it first loses nothing: any linearization from
    /// here can be reordered to place it first, since it is already called, leaves every later
    /// state as it was, and nothing not yet linearized must precede it. So it is the only move
    /// worth trying (partial-order reduction). A write of the value already there, or a cas of
    /// unknown outcome, does not qualify: placed later, it could change the state.
    private mutating func unchangingCall() -> Int? {
        var candidate = next[0]
        while candidate >= 0, isCall[candidate] {
            if neverChanges[operationOf[candidate]], transition(from: state, by: operationOf[candidate]) == state { return candidate }
            candidate = next[candidate]
        }
        return nil
    }

    private mutating func descend(_ call: Int, to newState: Int, forced: Bool) {
        stack.append((call, state, forced))
        state = newState
        linearized.insert(operationOf[call])
        lift(call)
        entry = next[0]
        atNewNode = true
    }

    /// Undoes the newest choice and moves on to the next alternative. A forced choice that failed
    /// fails its node too, so undoing goes on. False when nothing is left to try.
    private mutating func backtrack() -> Bool {
        if stack.count > deepest.count || (deepest.isEmpty && stuckAtDeepest.isEmpty) { noteDepth(stack.map(\.call)) }
        while let top = stack.popLast() {
            state = top.state
            linearized.remove(operationOf[top.call])
            unlift(top.call)
            if !top.forced {
                entry = next[top.call]
                return true
            }
        }
        return false
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
protocol LinearizedSet: Equatable, Sendable {
    init(capacity: Int)
    /// An empty set for unused memo slots (allocates nothing).
    static var empty: Self { get }
    /// A quick, unseeded hash (the memo table mixes it further).
    var fastHash: Int { get }
    mutating func insert(_ member: Int)
    mutating func remove(_ member: Int)
}

/// Up to 128 operations in two words: most keys of real histories, at half the memo's memory.
struct PairBits: LinearizedSet {
    static let capacity = 128
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    init(capacity: Int) { precondition(capacity <= PairBits.capacity) }
    static var empty: PairBits { PairBits(capacity: 0) }

    @inline(__always)
    mutating func insert(_ member: Int) {
        if member < 64 { low |= 1 << UInt64(member) } else { high |= 1 << UInt64(member - 64) }
    }

    @inline(__always)
    mutating func remove(_ member: Int) {
        if member < 64 { low &= ~(1 << UInt64(member)) } else { high &= ~(1 << UInt64(member - 64)) }
    }

    var fastHash: Int {
        let folded = low &+ (high &* 0x9E37_79B9_7F4A_7C15)
        return Int(truncatingIfNeeded: folded ^ (folded >> 31))
    }
}

/// Up to 256 operations in four words, no allocation.
struct InlineBits: LinearizedSet {
    static let capacity = 256
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(capacity: Int) { precondition(capacity <= InlineBits.capacity) }
    static var empty: InlineBits { InlineBits(capacity: 0) }

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

    var fastHash: Int {
        let folded = words.0 &+ (words.1 &* 0x9E37_79B9_7F4A_7C15) &+ (words.2 &* 0xC2B2_AE3D_27D4_EB4F) &+ (words.3 &* 0x1656_67B1_9E37_79F9)
        return Int(truncatingIfNeeded: folded ^ (folded >> 31))
    }
}

/// Any number of operations.
struct ArrayBits: LinearizedSet {
    private var words: [UInt64]

    init(capacity: Int) { words = Array(repeating: 0, count: (capacity + 63) / 64) }
    static var empty: ArrayBits { ArrayBits(capacity: 0) }

    mutating func insert(_ member: Int) { words[member >> 6] |= UInt64(1) << UInt64(member & 63) }
    mutating func remove(_ member: Int) { words[member >> 6] &= ~(UInt64(1) << UInt64(member & 63)) }

    var fastHash: Int {
        var folded: UInt64 = 0
        for word in words { folded = (folded ^ word) &* 0x9E37_79B9_7F4A_7C15 }
        return Int(truncatingIfNeeded: folded ^ (folded >> 31))
    }
}
