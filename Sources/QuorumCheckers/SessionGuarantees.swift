/// Session guarantees (Terry et al., 1994) of each client's view of the store.
///
/// Written values are identified by the write that wrote them, so the checks assume a key's
/// written values are distinct (Quorum's workload writes unique values); a write precedes
/// another when it completed before the other was invoked.
public struct SessionGuarantees: Sendable, Equatable {
    public var readYourWrites = true
    public var monotonicReads = true
    public var monotonicWrites = true
    public var writesFollowReads = true
    /// A line per violation found, at most a few of each.
    public var violations: [String] = []

    public var all: Bool { readYourWrites && monotonicReads && monotonicWrites && writesFollowReads }

    /// Whether the history lets the checks say anything: every key's written values distinct,
    /// and no appends or increments (whose reads name no single write).
    public static func isApplicable(_ operations: [CheckedOperation]) -> Bool {
        var seen = Set<String>()
        for operation in operations {
            switch operation.input {
            case .append, .incr: return false
            default: break
            }
            if let value = written(operation) ?? intended(operation), !seen.insert(operation.key + "\u{0}" + value).inserted { return false }
        }
        return true
    }

    /// The guarantees, or nil when the history does not allow telling (see `isApplicable`). A
    /// linearizable history satisfies them all.
    public static func check(_ operations: [CheckedOperation], linearizable: Bool) -> SessionGuarantees? {
        if linearizable { return SessionGuarantees() }
        return isApplicable(operations) ? check(operations) : nil
    }

    static func check(_ operations: [CheckedOperation]) -> SessionGuarantees {
        var result = SessionGuarantees()
        // The (completed) write that produced each (key, value).
        var writer: [String: CheckedOperation] = [:]
        for operation in operations where operation.returnTime != CheckedOperation.never {
            if let value = written(operation) { writer[operation.key + "\u{0}" + value] = operation }
        }
        func source(_ read: CheckedOperation) -> CheckedOperation? {
            guard case .value(let value?) = read.output else { return nil }
            return writer[read.key + "\u{0}" + value]
        }
        func precedes(_ a: CheckedOperation, _ b: CheckedOperation) -> Bool { a.returnTime < b.call }
        var byClient: [Int: [CheckedOperation]] = [:]
        for operation in operations { byClient[operation.client, default: []].append(operation) }
        for client in byClient.keys.sorted() {
            let session = byClient[client]!.sorted { $0.call < $1.call }
            var lastWrite: [String: CheckedOperation] = [:]
            var lastRead: [String: CheckedOperation] = [:]
            for operation in session {
                guard case .value = operation.output else {
                    if written(operation) != nil, operation.returnTime != CheckedOperation.never {
                        // Writes follow reads: a write after reading w must not be ordered before w.
                        if let read = lastRead[operation.key], let seen = source(read), precedes(operation, seen) {
                            result.writesFollowReads = false
                            result.note("writes-follow-reads: \(operation) is ordered before \(seen), which client \(client) had read")
                        }
                        // Monotonic writes: the client's writes take effect in its order.
                        if let previous = lastWrite[operation.key], precedes(operation, previous) {
                            result.monotonicWrites = false
                            result.note("monotonic writes: \(operation) precedes the earlier \(previous)")
                        }
                        lastWrite[operation.key] = operation
                    }
                    continue
                }
                let seen = source(operation)
                if let mine = lastWrite[operation.key], operation.output != .value(written(mine)) {
                    // Read your writes: not nil, and not a value written before my write.
                    if seen == nil || precedes(seen!, mine) {
                        result.readYourWrites = false
                        result.note("read-your-writes: \(operation) after client \(client)'s \(mine)")
                    }
                }
                if let earlier = lastRead[operation.key], let earlierSource = source(earlier) {
                    // Monotonic reads: never a value older than one read before.
                    if seen == nil || precedes(seen!, earlierSource) {
                        result.monotonicReads = false
                        result.note("monotonic reads: \(operation) after \(earlier)")
                    }
                }
                lastRead[operation.key] = operation
            }
        }
        return result
    }

    private mutating func note(_ line: String) {
        if violations.count < 12 { violations.append(line) }
    }

    /// The value an operation tried to write, whatever its outcome.
    static func intended(_ operation: CheckedOperation) -> String? {
        switch operation.input {
        case .write(let value): return value
        case .cas(_, let new): return new
        default: return nil
        }
    }

    /// The value an operation wrote, if it is a completed write or successful cas.
    static func written(_ operation: CheckedOperation) -> String? {
        switch (operation.input, operation.output) {
        case (.write(let value), .ok): return value
        case (.cas(_, let new), .swapped(true)): return new
        default: return nil
        }
    }
}
