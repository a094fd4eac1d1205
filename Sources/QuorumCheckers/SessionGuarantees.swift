/// Session guarantees (Terry et al., 1994, "Session Guarantees for Weakly Consistent Replicated
/// Data") of each client's view of the store, judged against the store's version order.
///
/// Written values are identified by the write that wrote them, so the checks need a key's written
/// values to be distinct (Quorum's workload writes unique values). The version order of a key (the
/// order in which the store applied its writes, Terry's WriteOrder) is read off the history:
/// - the initial value precedes every write;
/// - a cas that swapped follows the write whose value it expected (the store applied one on the other);
/// - a client that read one value and later another saw the store apply the first before the second.
/// A guarantee is violated when that order says so:
/// - read your writes (§3): after its write W, a client reads the initial value, or a value that the
///   order places before W;
/// - monotonic reads: after reading v1 a client reads v2 that the order places before v1, judged on
///   what the other clients and cas operations saw (the client's own two reads would only say v1 < v2);
/// - monotonic writes: a client writes W1 then W2, and the order places W2 before W1;
/// - writes follow reads: a client reads v (written by W) then writes W2, and the order places W2
///   before W.
/// An operation whose outcome is unknown (the client gave up) is concurrent with the rest of its
/// client's later operations (Jepsen's convention): it is nobody's "earlier write" in that session.
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
            if let value = intended(operation), !seen.insert(operation.key + "\u{0}" + value).inserted { return false }
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
        let order = VersionOrder(operations)
        var byClient: [Int: [CheckedOperation]] = [:]
        for operation in operations { byClient[operation.client, default: []].append(operation) }
        for client in byClient.keys.sorted() {
            let session = byClient[client]!.sorted { ($0.call, $0.id) < ($1.call, $1.id) }
            var lastWrite: [String: CheckedOperation] = [:]
            var lastRead: [String: (operation: CheckedOperation, source: Int)] = [:]
            for operation in session {
                if case .value(let value) = operation.output, let source = order.source(key: operation.key, value: value) {
                    result.judgeRead(operation, source: source, client: client, lastWrite: lastWrite[operation.key], lastRead: lastRead[operation.key], order: order)
                    lastRead[operation.key] = (operation, source)
                    continue
                }
                guard let written = order.writeNode(operation) else { continue }
                if let read = lastRead[operation.key], order.precedes(written, read.source, ignoring: nil) {
                    result.writesFollowReads = false
                    result.note("writes-follow-reads: \(operation) was applied before \(read.operation.summary)'s value, which c\(client + 1) had read")
                }
                if let previous = lastWrite[operation.key], let previousNode = order.writeNode(previous), order.precedes(written, previousNode, ignoring: nil) {
                    result.monotonicWrites = false
                    result.note("monotonic writes: \(operation) was applied before the same client's earlier \(previous.summary)")
                }
                // An unknown write is concurrent with its client's later operations: not an earlier write.
                if operation.output != .unknown { lastWrite[operation.key] = operation }
            }
        }
        return result
    }

    private mutating func judgeRead(_ read: CheckedOperation, source: Int, client: Int, lastWrite: CheckedOperation?,
                                    lastRead: (operation: CheckedOperation, source: Int)?, order: VersionOrder) {
        if let mine = lastWrite, let mineNode = order.writeNode(mine), source != mineNode, order.precedes(source, mineNode, ignoring: nil) {
            readYourWrites = false
            note("read-your-writes: \(read) after its own \(mine.summary)")
        }
        if let earlier = lastRead, source != earlier.source, order.precedes(source, earlier.source, ignoring: client) {
            monotonicReads = false
            note("monotonic reads: \(read) after \(earlier.operation)")
        }
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
}
