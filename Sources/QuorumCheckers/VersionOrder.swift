/// The version order of each key's writes as a history shows it (see `SessionGuarantees`): nodes
/// are each key's initial value and its writes (by their distinct values); edges say "applied
/// before", each remembering the client whose reads showed it (-1: a cas that swapped).
struct VersionOrder {
    private var nodeOfValue: [String: Int] = [:]
    private var edges: [[(to: Int, client: Int)]] = []
    /// Which nodes the current search has visited, reused from search to search: a search costs
    /// what it visits, not a fresh set (checks ask this once per operation of long histories).
    private let visits = VisitMarks()

    private final class VisitMarks {
        var search = 0
        var lastSearchOf: [Int] = []
    }

    init(_ operations: [CheckedOperation]) {
        for operation in operations {
            if let value = SessionGuarantees.intended(operation), mayHaveWritten(operation) { _ = node(operation.key, value) }
        }
        for operation in operations {
            if case .cas(let expected, let new) = operation.input, operation.output == .swapped(true),
               let from = nodeOfValue[VersionOrder.name(operation.key, expected)], let to = nodeOfValue[VersionOrder.name(operation.key, new)] {
                edges[from].append((to, -1))
            }
        }
        var byClient: [Int: [CheckedOperation]] = [:]
        for operation in operations { byClient[operation.client, default: []].append(operation) }
        for client in byClient.keys.sorted() {
            var lastSeen: [String: Int] = [:]
            for operation in byClient[client]!.sorted(by: { ($0.call, $0.id) < ($1.call, $1.id) }) {
                guard case .value(let value) = operation.output, let seen = source(key: operation.key, value: value) else { continue }
                // From the initial value the edge is implicit (it precedes every write); back to it, there is none.
                if let previous = lastSeen[operation.key], previous != seen, previous != VersionOrder.initial, seen != VersionOrder.initial {
                    edges[previous].append((seen, client))
                }
                lastSeen[operation.key] = seen
            }
        }
    }

    private func mayHaveWritten(_ operation: CheckedOperation) -> Bool {
        switch operation.output {
        case .ok, .unknown, .swapped(true): return true
        default: return false
        }
    }

    private static func name(_ key: String, _ value: String) -> String { key + "\u{0}" + value }

    private mutating func node(_ key: String, _ value: String) -> Int {
        let name = VersionOrder.name(key, value)
        if let id = nodeOfValue[name] { return id }
        nodeOfValue[name] = edges.count
        edges.append([])
        return edges.count - 1
    }

    /// The node of the write that produced a read's value; the initial value (nil) is its own node.
    /// nil for a value that no operation wrote.
    func source(key: String, value: String?) -> Int? {
        guard let value else { return VersionOrder.initial }
        return nodeOfValue[VersionOrder.name(key, value)]
    }

    /// The write's node, if it is a write that may have taken effect.
    func writeNode(_ operation: CheckedOperation) -> Int? {
        guard let value = SessionGuarantees.intended(operation), mayHaveWritten(operation) else { return nil }
        return nodeOfValue[VersionOrder.name(operation.key, value)]
    }

    /// The initial value (absent) is not stored as a node: it precedes every write and follows none.
    static let initial = -1

    /// Whether the order places `a` before `b`, using no edge that `client`'s reads contributed.
    func precedes(_ a: Int, _ b: Int, ignoring client: Int?) -> Bool {
        if b == VersionOrder.initial { return false }
        if a == VersionOrder.initial { return true }
        if visits.lastSearchOf.count < edges.count { visits.lastSearchOf = Array(repeating: 0, count: edges.count) }
        visits.search += 1
        let search = visits.search
        visits.lastSearchOf[a] = search
        var frontier = [a]
        while let current = frontier.popLast() {
            for edge in edges[current] where edge.client != client || edge.client < 0 {
                if edge.to == b { return true }
                if visits.lastSearchOf[edge.to] != search {
                    visits.lastSearchOf[edge.to] = search
                    frontier.append(edge.to)
                }
            }
        }
        return false
    }
}
