/// The search behind `SequentialConsistencyChecker`: a depth-first walk over interleavings of the
/// clients' sequences of definite operations, plus the unknown-outcome operations, each of which may
/// be applied once at any point after its client's earlier definite operations, or never.
///
/// Reductions (each keeps the answer exact):
/// - A client's next operation that never changes the state (a read, a cas that answered false) is
///   applied at once when the state satisfies it: any order from here can be rearranged to place it
///   first, since nothing remaining must precede it and it changes nothing after it.
/// - Unknown operations need no "skip" branch: the search succeeds when every definite operation is
///   placed, whatever unknown ones are left; and one is applied only where it changes the state
///   (applied where it changes nothing, it might as well never be applied).
/// - Moves are tried in invocation order, so real-time-like orders, which usually work, come first.
/// - Visited (per-client progress, unknown operations applied, state of every key) nodes are
///   memoised in a hash set: from the same node the same futures fail.
/// - Reads-from, on register keys (read, write, cas only): values are counted by how many remaining
///   operations still need them (reads, cas expectations) and how many could still write them. A move
///   that overwrites a value still needed that nothing left can write again is never made, and a
///   history that needs a value nothing writes fails at once. With unique written values this is the
///   reads-from relation: after a value's only write, nothing may overwrite it before all its reads.
struct InterleavingSearch {
    private enum Kind {
        case read, casRefused, write, casSwapped, casMaybe, model
    }

    private struct Operation {
        let key: Int
        let kind: Kind
        /// The value id a read needs or a cas expects (-1: none).
        let need: Int32
        /// The value id a write or cas writes (-1: none).
        let produce: Int32
        let call: Int64
        /// An append that took effect (legal in every state, always changes it).
        let isAppend: Bool
    }

    /// A move: a client's next definite operation (client >= 0) or unknown operation -(u + 1).
    private struct Move {
        let code: Int
        let to: Int32
        let call: Int64
    }

    private struct Frame {
        var greedy: [Int]
        var moves: [Move]
        var next = 0
        var taken: (move: Move, previous: Int32)?
    }

    private enum Entry {
        case done, failed, outOfBudget, frame(Frame)
    }

    private let model: KeyValueModel
    private let budget: SearchBudget
    /// Trivially copyable, so the hot loops copy no strings; `sources` holds the operations themselves.
    private var operations: [Operation] = []
    private var sources: [CheckedOperation] = []
    /// Per client, its definite operations in invocation order (indices into `operations`).
    private var sequences: [[Int]] = []
    /// Unknown-outcome operations that can change the state, with their client and how many of
    /// the client's definite operations must come first.
    private var unknown: [(operation: Int, client: Int, after: Int)] = []
    /// Per key, its values (state ids index these) and their ids.
    private var values: [[String?]] = []
    private var valueIDs: [[String?: Int32]] = []
    private var isRegisterKey: [Bool] = []
    /// Per register key and value id: remaining operations that need the value, or could write it.
    private var needers: [[Int32]] = []
    private var writers: [[Int32]] = []
    private var impossible = false
    /// Per key: whether every state change but writes and cas is an append (so that, once no write
    /// or cas is left, the value only grows), and how many writes and cas operations are left.
    private var growsByAppends: [Bool] = []
    private var resetsLeft: [Int] = []
    /// Transitions through the model (appends, increments), cached by (state, operation): building
    /// a long appended string again at every node dominated the search.
    private var modelTransitions: [Int: Int32] = [:]
    /// Whether one state's value extends another's, cached by the pair (comparing long strings
    /// for every waiting client at every node dominated the search on append histories).
    private var extendsCache: [Int: Bool] = [:]

    private var positions: [Int] = []
    private var applied: [Bool] = []
    private var states: [Int32] = []
    private var memo = Set<[Int32]>()
    private(set) var steps = 0

    init(operations history: [CheckedOperation], model: KeyValueModel, budget: SearchBudget) {
        self.model = model
        self.budget = budget
        var keyIndex: [String: Int] = [:]
        for key in Set(history.map(\.key)).sorted() { keyIndex[key] = keyIndex.count }
        values = Array(repeating: [], count: keyIndex.count)
        valueIDs = Array(repeating: [:], count: keyIndex.count)
        isRegisterKey = Array(repeating: true, count: keyIndex.count)
        growsByAppends = Array(repeating: true, count: keyIndex.count)
        resetsLeft = Array(repeating: 0, count: keyIndex.count)
        states = (0..<keyIndex.count).map { _ in 0 }
        for key in 0..<keyIndex.count { states[key] = intern(model.initial, key: key) }
        var byClient: [Int: [CheckedOperation]] = [:]
        for operation in history { byClient[operation.client, default: []].append(operation) }
        for client in byClient.keys.sorted() {
            let session = byClient[client]!.sorted { ($0.call, $0.id) < ($1.call, $1.id) }
            var sequence: [Int] = []
            for operation in session {
                if operation.input == .read, operation.output == .unknown { continue }  // constrains nothing
                let index = add(operation, key: keyIndex[operation.key]!)
                if operation.output == .unknown {
                    unknown.append((index, sequences.count, sequence.count))
                } else {
                    sequence.append(index)
                }
            }
            sequences.append(sequence)
        }
        positions = Array(repeating: 0, count: sequences.count)
        applied = Array(repeating: false, count: unknown.count)
        countValues()
    }

    private mutating func intern(_ value: String?, key: Int) -> Int32 {
        if let id = valueIDs[key][value] { return id }
        values[key].append(value)
        let id = Int32(values[key].count - 1)
        valueIDs[key][value] = id
        return id
    }

    private mutating func add(_ operation: CheckedOperation, key: Int) -> Int {
        var need: Int32 = -1
        var produce: Int32 = -1
        let kind: Kind
        switch (operation.input, operation.output) {
        case (.read, .value(let value)):
            kind = .read
            need = intern(value, key: key)
        case (.write(let value), .ok), (.write(let value), .unknown):
            kind = .write
            produce = intern(value, key: key)
        case (.cas(let expected, let new), .swapped(true)):
            kind = .casSwapped
            need = intern(expected, key: key)
            produce = intern(new, key: key)
        case (.cas(let expected, _), .swapped(false)):
            kind = .casRefused
            need = intern(expected, key: key)
        case (.cas(let expected, let new), .unknown):
            kind = .casMaybe
            need = intern(expected, key: key)
            produce = intern(new, key: key)
        default:
            // Appends, increments and answers no register gives: through the model itself.
            kind = .model
            isRegisterKey[key] = false
            if case .append = operation.input {} else { growsByAppends[key] = false }
        }
        var isAppend = false
        if kind == .model, case .append(let piece) = operation.input, !piece.isEmpty, operation.output == .ok || operation.output == .unknown { isAppend = true }
        operations.append(Operation(key: key, kind: kind, need: need, produce: produce, call: operation.call, isAppend: isAppend))
        sources.append(operation)
        return operations.count - 1
    }

    /// Counts, per register key and value, the operations that need it and those that could write it.
    private mutating func countValues() {
        needers = values.map { Array(repeating: 0, count: $0.count) }
        writers = needers
        for sequence in sequences {
            for index in sequence { count(index, by: 1, asUnknown: false) }
        }
        for entry in unknown { count(entry.operation, by: 1, asUnknown: true) }
        for key in values.indices where isRegisterKey[key] {
            for value in values[key].indices where needers[key][value] > 0 && writers[key][value] == 0 && Int32(value) != states[key] {
                impossible = true  // a value some operation needs that no operation writes
            }
        }
    }

    private mutating func count(_ index: Int, by delta: Int32, asUnknown: Bool) {
        let operation = operations[index]
        switch operation.kind {
        case .write, .casSwapped, .casMaybe: resetsLeft[operation.key] += Int(delta)
        default: break
        }
        guard isRegisterKey[operation.key] else { return }
        switch operation.kind {
        case .read, .casSwapped:
            if !asUnknown { needers[operation.key][Int(operation.need)] += delta }
        default: break
        }
        switch operation.kind {
        case .write, .casSwapped, .casMaybe: writers[operation.key][Int(operation.produce)] += delta
        default: break
        }
    }

    /// The state after the operation, or nil if it cannot answer what it answered from `state`.
    private mutating func transition(_ index: Int, from state: Int32) -> Int32? {
        let operation = operations[index]
        switch operation.kind {
        case .read: return state == operation.need ? state : nil
        case .casRefused: return state != operation.need ? state : nil
        case .write: return operation.produce
        case .casSwapped: return state == operation.need ? operation.produce : nil
        case .casMaybe: return state == operation.need ? operation.produce : state
        case .model:
            let cacheKey = Int(state) &* operations.count &+ index
            if let cached = modelTransitions[cacheKey] { return cached < 0 ? nil : cached }
            let source = sources[index]
            let next = model.step(values[operation.key][Int(state)], source.input, source.output).map { intern($0, key: operation.key) }
            modelTransitions[cacheKey] = next ?? -1
            return next
        }
    }

    mutating func run() -> Verdict {
        if impossible { return .notLinearizable }
        var stack: [Frame] = []
        switch enter(restrictedTo: nil) {
        case .done: return .linearizable
        case .failed: return .notLinearizable
        case .outOfBudget: return .unknown
        case .frame(let frame): stack.append(frame)
        }
        while !stack.isEmpty {
            var top = stack.removeLast()
            if let taken = top.taken {
                undo(taken.move, previous: taken.previous)
                top.taken = nil
            }
            guard top.next < top.moves.count else {
                undoGreedy(top.greedy)
                continue  // every move from this node failed
            }
            let move = top.moves[top.next]
            top.next += 1
            top.taken = (move, apply(move))
            stack.append(top)
            // After an unknown operation, the next operation on its key must observe it (see enter).
            let restriction = move.code < 0 ? operations[unknown[-move.code - 1].operation].key : nil
            switch enter(restrictedTo: restriction) {
            case .done: return .linearizable
            case .failed: continue
            case .outOfBudget: return .unknown
            case .frame(let frame): stack.append(frame)
            }
        }
        return .notLinearizable
    }

    /// Arrives at a node: applies the forced moves, then consults the memo and lists the moves.
    ///
    /// `restrictedTo` is the key of an unknown operation just applied. In any valid order, such an
    /// operation can be moved later, to just before the next operation on its key; if that one does
    /// not look at the state (a blind write) or there is none, the operation can be left out. So the
    /// search only applies an unknown operation right before one that observes the state it leaves:
    /// a read or refused cas applied here at once, or else the next move, on the same key.
    private mutating func enter(restrictedTo restriction: Int?) -> Entry {
        let (greedy, observed) = applyGreedy(watching: restriction)
        if positions.indices.allSatisfy({ positions[$0] == sequences[$0].count }) { return .done }
        let restricted = observed ? nil : restriction
        guard memo.insert(memoKey(restricted: restricted)).inserted else {
            undoGreedy(greedy)
            return .failed
        }
        steps += 1
        if steps > budget.steps || (steps & 0x3FF == 1 && budget.isPastDeadline) { return .outOfBudget }
        var moves = listMoves()
        if let key = restricted {
            moves = moves.filter { move in
                let operation = operations[move.code >= 0 ? sequences[move.code][positions[move.code]] : unknown[-move.code - 1].operation]
                return operation.key == key && operation.kind != .write
            }
        }
        if moves.isEmpty {
            undoGreedy(greedy)
            return .failed
        }
        return .frame(Frame(greedy: greedy, moves: moves))
    }

    /// Applies satisfied reads and refused cas operations at the head of any client, until none is left.
    /// Also says whether one of them was on the key `watched`.
    private mutating func applyGreedy(watching watched: Int?) -> (advanced: [Int], observed: Bool) {
        var advanced: [Int] = []
        var observed = false
        var changed = true
        while changed {
            changed = false
            for client in sequences.indices {
                while positions[client] < sequences[client].count {
                    let index = sequences[client][positions[client]]
                    let operation = operations[index]
                    guard operation.kind == .read || operation.kind == .casRefused,
                          transition(index, from: states[operation.key]) != nil else { break }
                    count(index, by: -1, asUnknown: false)
                    positions[client] += 1
                    advanced.append(client)
                    observed = observed || operation.key == watched
                    changed = true
                }
            }
        }
        return (advanced, observed)
    }

    private mutating func undoGreedy(_ advanced: [Int]) {
        for client in advanced.reversed() {
            positions[client] -= 1
            count(sequences[client][positions[client]], by: 1, asUnknown: false)
        }
    }

    /// The moves from here; none when some client is blocked for good.
    private mutating func listMoves() -> [Move] {
        var moves: [Move] = []
        for client in sequences.indices where positions[client] < sequences[client].count {
            let index = sequences[client][positions[client]]
            if isBlockedForGood(index) { return [] }
            if let to = worthwhile(index, requireChange: false) { moves.append(Move(code: client, to: to, call: operations[index].call)) }
        }
        for (number, entry) in unknown.enumerated() where !applied[number] && positions[entry.client] >= entry.after {
            if let to = worthwhile(entry.operation, requireChange: true) {
                moves.append(Move(code: -(number + 1), to: to, call: operations[entry.operation].call))
            }
        }
        moves.sort { ($0.call, $0.code) < ($1.call, $1.code) }
        return moves
    }

    /// A read waiting for a value that the key can no longer reach: on a key that only grows by
    /// appends (no write or cas left), a value that does not extend the current one.
    private mutating func isBlockedForGood(_ index: Int) -> Bool {
        let operation = operations[index]
        guard operation.kind == .read, !isRegisterKey[operation.key], growsByAppends[operation.key], resetsLeft[operation.key] == 0 else { return false }
        let state = states[operation.key]
        let cacheKey = (Int(state) << 32) | Int(operation.need)
        if let known = extendsCache[cacheKey] { return !known }
        let current = values[operation.key][Int(state)] ?? ""
        let extends = values[operation.key][Int(operation.need)].map { $0.hasPrefix(current) } ?? false
        extendsCache[cacheKey] = extends
        return !extends
    }

    /// The state an operation would leave, unless it is illegal here, changes nothing when it must,
    /// or overwrites a value that is still needed and that nothing left can write again.
    private mutating func worthwhile(_ index: Int, requireChange: Bool) -> Int32? {
        let key = operations[index].key
        // An append that took effect is legal anywhere and always changes the value: its new state
        // is only built if the move is taken.
        if isAppend(index) { return InterleavingSearch.notYetBuilt }
        let current = states[key]
        guard let to = transition(index, from: current) else { return nil }
        if to == current { return requireChange ? nil : to }
        // A definite cas that swaps needs the current value itself: it is not one of the others.
        let ownNeed: Int32 = operations[index].kind == .casSwapped && !requireChange ? 1 : 0
        if isRegisterKey[key], needers[key][Int(current)] > ownNeed, writers[key][Int(current)] == 0 { return nil }
        return to
    }

    private static let notYetBuilt = Int32.min

    private func isAppend(_ index: Int) -> Bool { operations[index].isAppend }

    private mutating func apply(_ move: Move) -> Int32 {
        let index: Int
        if move.code >= 0 {
            index = sequences[move.code][positions[move.code]]
            positions[move.code] += 1
            count(index, by: -1, asUnknown: false)
        } else {
            let number = -move.code - 1
            index = unknown[number].operation
            applied[number] = true
            count(index, by: -1, asUnknown: true)
        }
        let key = operations[index].key
        let previous = states[key]
        if move.to == InterleavingSearch.notYetBuilt {
            guard let next = transition(index, from: previous) else { preconditionFailure("an append that took effect is legal in every state") }
            states[key] = next
        } else {
            states[key] = move.to
        }
        return previous
    }

    private mutating func undo(_ move: Move, previous: Int32) {
        let index: Int
        if move.code >= 0 {
            positions[move.code] -= 1
            index = sequences[move.code][positions[move.code]]
            count(index, by: 1, asUnknown: false)
        } else {
            let number = -move.code - 1
            index = unknown[number].operation
            applied[number] = false
            count(index, by: 1, asUnknown: true)
        }
        states[operations[index].key] = previous
    }

    private func memoKey(restricted: Int?) -> [Int32] {
        var key: [Int32] = [Int32(restricted ?? -1)]
        key.reserveCapacity(positions.count + states.count + applied.count / 32 + 2)
        for position in positions { key.append(Int32(truncatingIfNeeded: position)) }
        key.append(contentsOf: states)
        var word: UInt32 = 0
        for (number, isApplied) in applied.enumerated() {
            if isApplied { word |= 1 << UInt32(number & 31) }
            if number & 31 == 31 {
                key.append(Int32(bitPattern: word))
                word = 0
            }
        }
        if applied.count & 31 != 0 { key.append(Int32(bitPattern: word)) }
        return key
    }
}
