import QuorumCore

/// What a condition found: whether it holds, and what the simulation showed, in words
/// (`n2 role is leader`), for a failing `expect` and for a prediction's reveal.
public struct LessonVerdict: Sendable, Equatable {
    public let holds: Bool
    public let shown: String

    public init(holds: Bool, shown: String) {
        self.holds = holds
        self.shown = shown
    }
}

/// Judges a lesson's conditions on a running simulation, through what every protocol offers: the
/// nodes' facts (`NodeDescribing.lessonFacts`), their contents and versions, the leader rule, and
/// the client history with the checkers. No protocol is named here.
public enum LessonJudge {
    /// Search steps for the history checks: a lesson's history is small, and a step budget keeps
    /// the verdict the same on every machine.
    static let historyBudget = SearchBudget(steps: 2_000_000)

    public static func judge<Node: SimulatedNode & NodeDescribing>(_ condition: LessonCondition, in simulator: Simulator<Node>) -> LessonVerdict {
        switch condition.kind {
        case .nodeFact(let node, let fact, let comparison, let expected):
            let actual = value(of: fact, at: node, in: simulator)
            return LessonVerdict(holds: actual.map { comparison.holds($0, expected) } ?? false,
                                 shown: "\(node) \(fact) is \(actual ?? "not a fact of this node (\(factNames(node, simulator)))")")
        case .leaderIs(let expected):
            let leader = simulator.leader
            return LessonVerdict(holds: leader == expected, shown: "the leader is \(leader?.description ?? "none")")
        case .leaderFact(let fact, let comparison, let expected):
            guard let leader = simulator.leader else { return LessonVerdict(holds: false, shown: "there is no leader") }
            let actual = value(of: fact, at: leader, in: simulator)
            return LessonVerdict(holds: actual.map { comparison.holds($0, expected) } ?? false,
                                 shown: "the leader \(leader) has \(fact) \(actual ?? "unknown")")
        case .keyValue(let key, let comparison, let expected, let place):
            let values = NodeID.all(count: simulator.nodeCount).map { keyValue(key, at: $0, in: simulator) }
            let matching = values.filter { comparison.holds($0 ?? "none", expected) }.count
            return LessonVerdict(holds: enough(matching, place, simulator, matches: { comparison.holds(values[$0.index] ?? "none", expected) }),
                                 shown: "\(key) is " + listing(values))
        case .siblings(let key, let comparison, let count, let place):
            let counts = NodeID.all(count: simulator.nodeCount).map { siblings(key, at: $0, in: simulator) }
            let matching = counts.filter { comparison.holds(String($0), String(count)) }.count
            return LessonVerdict(holds: enough(matching, place, simulator, matches: { comparison.holds(String(counts[$0.index]), String(count)) }),
                                 shown: "\(key) has " + listing(counts.map { String($0) }) + " versions")
        case .vectors(let key, let comparison, let expected, let place):
            let values = NodeID.all(count: simulator.nodeCount).map { vectors(key, at: $0, in: simulator) }
            let matching = values.filter { comparison.holds($0 ?? "none", expected) }.count
            return LessonVerdict(holds: enough(matching, place, simulator, matches: { comparison.holds(values[$0.index] ?? "none", expected) }),
                                 shown: "\(key)'s vectors are " + listing(values))
        case .count(let fact, let comparison, let expected, let countComparison, let count):
            // A crashed node has no role or term now: only up and frozen nodes count (but for `status`).
            let matching = NodeID.all(count: simulator.nodeCount).filter { node in
                (fact == "status" || simulator.status(of: node) != .crashed)
                    && (value(of: fact, at: node, in: simulator).map { comparison.holds($0, expected) } ?? false)
            }
            return LessonVerdict(holds: countComparison.holds(String(matching.count), String(count)),
                                 shown: "\(matching.count) nodes have \(fact) \(comparison == .equal ? "" : comparison.rawValue + " ")\(expected)"
                                     + (matching.isEmpty ? "" : " (\(matching.map(\.description).joined(separator: " ")))"))
        case .history(let verdict):
            let actual = historyVerdict(verdict, simulator.history)
            return LessonVerdict(holds: actual == verdict, shown: "the history is \(actual) (\(simulator.history.count) operations)")
        case .readReturned(let key, let comparison, let expected):
            guard let read = newestRead(of: key, in: simulator.history) else {
                return LessonVerdict(holds: false, shown: "no read of \(key) has completed")
            }
            let actual = returned(read)
            return LessonVerdict(holds: comparison.holds(actual, expected), shown: "the newest read of \(key) (op\(read.id)) returned \(actual)")
        case .operationReturned(let id, let comparison, let expected):
            guard let entry = simulator.history.first(where: { $0.id == id }) else {
                return LessonVerdict(holds: false, shown: "there is no op\(id) yet (\(simulator.history.count) operations)")
            }
            let actual = returned(entry)
            return LessonVerdict(holds: comparison.holds(actual, expected), shown: "op\(id) (\(entry.operation)) returned \(actual)")
        case .session(let guarantee, let kept):
            guard let result = sessionGuarantees(simulator.history) else {
                return LessonVerdict(holds: false, shown: "the history cannot tell (values written twice, or increments)")
            }
            let actual = [result.readYourWrites, result.monotonicReads, result.monotonicWrites, result.writesFollowReads][LessonCondition.guarantees.firstIndex(of: guarantee) ?? 0]
            return LessonVerdict(holds: actual == kept, shown: "\(guarantee) is \(actual ? "kept" : "broken")"
                                     + (result.violations.first.map { ": \($0)" } ?? ""))
        case .safety(let kept):
            let violation = Node.safetyViolation(simulator.nodes.lazy.map(\.state), faulty: simulator.everMisbehaved)
            return LessonVerdict(holds: (violation == nil) == kept, shown: violation.map { "safety is broken: \($0)" } ?? "safety is kept")
        }
    }

    /// The newest read of `key` to complete (the later invocation when two complete together).
    static func newestRead(of key: String, in history: [HistoryEntry]) -> HistoryEntry? {
        history.filter { $0.operation == .get(key: key) && $0.completedAt != nil }
            .max { ($0.completedAt!, $0.invokedAt, $0.id) < ($1.completedAt!, $1.invokedAt, $1.id) }
    }

    /// What an operation returned, as one word a lesson can name: a read's value (`none` when the
    /// key did not exist, siblings joined by `|`), an increment's number, `done`, `swapped`,
    /// `not-swapped`, `error`, or `failed`, `unknown` and `pending` for an operation with no result.
    static func returned(_ entry: HistoryEntry) -> String {
        switch entry.outcome {
        case .pending: return "pending"
        case .failed: return "failed"
        case .unknown: return "unknown"
        case .ok(let output):
            switch output {
            case .done: return "done"
            case .value(let value): return value ?? "none"
            case .siblings(let values): return values.joined(separator: "|")
            case .counter(let value): return String(value)
            case .swapped(let swapped): return swapped ? "swapped" : "not-swapped"
            case .error: return "error"
            }
        }
    }

    /// A node's fact: its status (`up`, `crashed`, `frozen`) or one of its lesson facts.
    static func value<Node: SimulatedNode & NodeDescribing>(of fact: String, at node: NodeID, in simulator: Simulator<Node>) -> String? {
        let slot = simulator.nodes[node.index]
        switch fact {
        case "status": return slot.status.rawValue
        case "clock": return slot.clock.description
        case "lamport": return String(slot.lamport)
        default: break
        }
        let name = NodeDescription.factName(fact)
        return slot.state.lessonFacts().first { $0.label == name }?.value
    }

    private static func factNames<Node: SimulatedNode & NodeDescribing>(_ node: NodeID, _ simulator: Simulator<Node>) -> String {
        var names: [String] = []
        for name in ["status", "clock", "lamport"] + simulator.nodes[node.index].state.lessonFacts().map(\.label) where !names.contains(name) {
            names.append(name)
        }
        return names.joined(separator: ", ")
    }

    /// A key's value on a node: its state machine's, or every version it keeps joined by `|`.
    static func keyValue<Node: SimulatedNode & NodeDescribing>(_ key: String, at node: NodeID, in simulator: Simulator<Node>) -> String? {
        let description = simulator.nodes[node.index].state.describe(logTail: 0)
        if let row = description.keyTable?.first(where: { $0.key == key }) { return row.versions.map(\.value).joined(separator: "|") }
        return description.contents.first { $0.key == key }?.value
    }

    static func vectors<Node: SimulatedNode & NodeDescribing>(_ key: String, at node: NodeID, in simulator: Simulator<Node>) -> String? {
        simulator.nodes[node.index].state.describe(logTail: 0).keyTable?.first { $0.key == key }?.versions.map(\.clock).joined(separator: "|")
    }

    static func siblings<Node: SimulatedNode & NodeDescribing>(_ key: String, at node: NodeID, in simulator: Simulator<Node>) -> Int {
        let description = simulator.nodes[node.index].state.describe(logTail: 0)
        if let row = description.keyTable?.first(where: { $0.key == key }) { return row.versions.count }
        return description.contents.contains { $0.key == key } ? 1 : 0
    }

    private static func enough<Node>(_ matching: Int, _ place: LessonCondition.Place, _ simulator: Simulator<Node>,
                                     matches: (NodeID) -> Bool) -> Bool {
        switch place {
        case .majority: return matching >= simulator.nodeCount / 2 + 1
        case .all: return matching == simulator.nodeCount
        case .any: return matching >= 1
        case .atLeast(let count): return matching >= count
        case .node(let node): return matches(node)
        }
    }

    private static func listing(_ values: [String?]) -> String {
        values.enumerated().map { "n\($0.offset + 1) \($0.element ?? "none")" }.joined(separator: ", ")
    }

    static func historyVerdict(_ asked: String, _ history: [HistoryEntry]) -> String {
        let operations = HistoryAdapter.operations(from: history)
        let linearizable = LinearizabilityChecker(model: .register, budget: historyBudget).check(operations).verdict
        if asked.hasSuffix("linearizable") { return linearizable.rawValue }
        let sequential = SequentialConsistencyChecker(model: .register, budget: historyBudget)
            .check(operations, knownLinearizable: linearizable == .linearizable)
        switch sequential {
        case .linearizable: return "sequentially-consistent"
        case .notLinearizable: return "not-sequentially-consistent"
        case .unknown: return "unknown"
        }
    }

    static func sessionGuarantees(_ history: [HistoryEntry]) -> SessionGuarantees? {
        let operations = HistoryAdapter.operations(from: history)
        let linearizable = LinearizabilityChecker(model: .register, budget: historyBudget).check(operations).verdict == .linearizable
        return SessionGuarantees.check(operations, linearizable: linearizable)
    }
}
