import QuorumCheckers
import QuorumCore

/// What the live checker panel checks of a long run: the whole client history while it is short,
/// then a window of the most recent operations, so that each check costs the same however long
/// the run (the full history is checked by `quorum check` on a recording, or by a headless run).
///
/// A window is checked from the state the operations before it leave each key in, as a write
/// that completes just before it (a seed). That state is known for a key when its last operation
/// before the window (a read, a write, an incr, a cas that swapped) overlaps no other operation
/// on that key, so every linearization of the earlier history ends with it. Keys whose state is
/// not known that way are left out of this window (a later one takes them). So a window never
/// reports a violation the whole history does not have; it can miss one that spans its start.
/// Operations whose outcome is unknown, invoked more than `settledMicros` before the window, are
/// taken as settled (they took effect long ago or never will).
public struct CheckWindow: Sendable {
    /// Operations checked, seeds first (the whole history's, when `isWindow` is false).
    public var operations: [CheckedOperation]
    /// True when only the most recent operations are checked.
    public var isWindow: Bool
    /// Operations of the window (seeds not counted).
    public var windowCount: Int
    /// Keys of the window left out because their state at its start is not known.
    public var keysLeftOut: Int

    public static let defaultLimit = 2_000
    public static let settledMicros: Int64 = 30_000_000

    /// The operations to check of `history`: all of them up to `limit`, else a window of about
    /// the last `limit`.
    public static func of(_ history: [HistoryEntry], limit: Int = defaultLimit) -> CheckWindow {
        guard history.count > limit else {
            let operations = HistoryAdapter.operations(from: history)
            return CheckWindow(operations: operations, isWindow: false, windowCount: operations.count, keysLeftOut: 0)
        }
        // Entries are in invocation order: the window is everything invoked at or after `start`.
        var first = history.count - limit
        let start = history[first].invokedAt.micros
        while first > 0, history[first - 1].invokedAt.micros == start { first -= 1 }
        var earliest = first
        while earliest > 0, history[earliest - 1].invokedAt.micros >= start - settledMicros { earliest -= 1 }
        let before = HistoryAdapter.operations(from: Array(history[earliest..<first]))
        let window = HistoryAdapter.operations(from: Array(history[first...]))
        let states = knownStates(before, windowStart: start)
        var seeds: [CheckedOperation] = []
        var nextID = history.count
        for key in Set(window.map(\.key)).sorted() {
            guard let state = states[key], let value = state else { continue }  // absent: the model's initial state
            seeds.append(CheckedOperation(id: nextID, client: -1, key: key, input: .write(value), output: .ok,
                                          call: start - 2, returnTime: start - 1))
            nextID += 1
        }
        let kept = window.filter { states[$0.key] != nil }
        let leftOut = Set(window.map(\.key)).subtracting(states.keys).count
        return CheckWindow(operations: seeds + kept, isWindow: true, windowCount: kept.count, keysLeftOut: leftOut)
    }

    /// Per key, the state every linearization of `operations` (all invoked before `windowStart`)
    /// leaves it in, when that is known: key -> value (nil: absent).
    static func knownStates(_ operations: [CheckedOperation], windowStart: Int64) -> [String: String?] {
        var byKey: [String: [CheckedOperation]] = [:]
        for operation in operations { byKey[operation.key, default: []].append(operation) }
        var states: [String: String?] = [:]
        for (key, operations) in byKey {
            guard let last = operations.max(by: { $0.call < $1.call }), last.returnTime < windowStart,
                  operations.allSatisfy({ $0.id == last.id || $0.returnTime < last.call }) else { continue }
            switch (last.input, last.output) {
            case (.read, .value(let value)): states[key] = .some(value)
            case (.write(let value), .ok): states[key] = .some(value)
            case (.incr, .counter(let value)): states[key] = .some(String(value))
            case (.cas(_, let new), .swapped(true)): states[key] = .some(new)
            default: continue
            }
        }
        return states
    }
}
