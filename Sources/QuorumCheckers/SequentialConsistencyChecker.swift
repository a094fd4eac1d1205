import Foundation

/// Sequential consistency: is there one total order of all operations, respecting each client's
/// own order (but not real time), in which every operation answers what it answered?
///
/// A linearizable history is sequentially consistent, so that is tried first. Otherwise a depth-
/// first search interleaves the clients' sequences, memoising (positions, state of every key).
/// An operation with an unknown outcome may be applied or skipped.
public struct SequentialConsistencyChecker: Sendable {
    public var model: KeyValueModel
    public var timeoutSeconds: Double

    public init(model: KeyValueModel = .register, timeoutSeconds: Double = 10) {
        self.model = model
        self.timeoutSeconds = timeoutSeconds
    }

    /// `knownLinearizable` saves the search when the caller already knows.
    public func check(_ operations: [CheckedOperation], knownLinearizable: Bool? = nil) -> Verdict {
        let linearizable = knownLinearizable ?? (LinearizabilityChecker(model: model, timeoutSeconds: timeoutSeconds).check(operations).verdict == .linearizable)
        if linearizable { return .linearizable }
        var search = InterleavingSearch(operations: operations, model: model,
                                        deadline: DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeoutSeconds) * 1e9))
        return search.run()
    }
}

/// The search over interleavings of client sequences.
struct InterleavingSearch {
    private struct Memo: Hashable {
        let positions: [Int]
        let states: [Int]
    }

    private let sequences: [[CheckedOperation]]
    private let keyIndex: [String: Int]
    private let model: KeyValueModel
    private let deadline: UInt64
    private var values: [String?] = []
    private var valueIDs: [String?: Int] = [:]
    private var memo = Set<Memo>()
    private var steps = 0

    init(operations: [CheckedOperation], model: KeyValueModel, deadline: UInt64) {
        var byClient: [Int: [CheckedOperation]] = [:]
        for operation in operations { byClient[operation.client, default: []].append(operation) }
        sequences = byClient.keys.sorted().map { byClient[$0]!.sorted { $0.call < $1.call } }
        var keys: [String: Int] = [:]
        for key in Set(operations.map(\.key)).sorted() { keys[key] = keys.count }
        keyIndex = keys
        self.model = model
        self.deadline = deadline
    }

    private mutating func intern(_ value: String?) -> Int {
        if let id = valueIDs[value] { return id }
        values.append(value)
        valueIDs[value] = values.count - 1
        return values.count - 1
    }

    mutating func run() -> Verdict {
        let initial = intern(model.initial)
        var positions = Array(repeating: 0, count: sequences.count)
        var states = Array(repeating: initial, count: keyIndex.count)
        switch explore(&positions, &states) {
        case .some(true): return .linearizable  // an order exists
        case .some(false): return .notLinearizable
        case .none: return .unknown
        }
    }

    /// true: an order exists from here; false: none does; nil: out of time.
    private mutating func explore(_ positions: inout [Int], _ states: inout [Int]) -> Bool? {
        if zip(positions, sequences).allSatisfy({ $0 == $1.count }) { return true }
        guard memo.insert(Memo(positions: positions, states: states)).inserted else { return false }
        steps += 1
        if steps & 0x3FF == 0, DispatchTime.now().uptimeNanoseconds > deadline { return nil }
        for client in sequences.indices where positions[client] < sequences[client].count {
            let operation = sequences[client][positions[client]]
            let key = keyIndex[operation.key]!
            positions[client] += 1
            if operation.output == .unknown {
                // It may never have taken effect: try skipping it.
                switch explore(&positions, &states) {
                case .some(true): return true
                case .none: return nil
                case .some(false): break
                }
            }
            if let next = model.step(values[states[key]], operation.input, operation.output) {
                let previous = states[key]
                states[key] = intern(next)
                let result = explore(&positions, &states)
                states[key] = previous
                if result != false {
                    positions[client] -= 1
                    return result
                }
            }
            positions[client] -= 1
        }
        return false
    }
}
