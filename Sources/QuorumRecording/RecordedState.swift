import Foundation
import QuorumCore

/// A `state` line read back: the fields of one node's state that changed at `eventIndex` (after
/// that many events). Nil means unchanged; a nil inside (`term: .some(nil)`) means it became empty.
public struct RecordedState: Sendable {
    public var node: Int
    public var eventIndex: UInt64
    public var status: NodeStatus?
    public var role: (name: String, kind: NodeDescription.RoleKind)?
    public var term: Int??
    public var commitIndex: Int??
    /// Entries from `from` on replace the recorded ones from there.
    public var log: (from: Int, cells: [NodeDescription.LogCell])?
    public var progress: [NodeDescription.Progress]?
    public var details: [(label: String, value: String)]?
    public var contents: [(key: String, value: String)]?
    public var keyTable: [NodeDescription.KeyRow]??
    public var judgment: NodeDescription.Judgment??
    public var timer: (setAt: Int64, fireAt: Int64)??
    public var panels: [NodePanel]?
    public var roleStyleKey: String??
    public var clock: VectorClock?
    public var lamport: UInt64?

    /// What a node is before its first state line.
    public static func blank(nodeCount: Int) -> NodeState {
        NodeState(status: .up, description: NodeDescription(role: "?", roleKind: .replica), timerSetAtMicros: nil,
                  timerFireAtMicros: nil, clock: VectorClock(nodeCount: nodeCount), lamport: 0)
    }

    public func apply(to state: inout NodeState) {
        if let status { state.status = status }
        if let role { (state.description.role, state.description.roleKind) = role }
        if let term { state.description.term = term }
        if let commitIndex { state.description.commitIndex = commitIndex }
        if let log {
            state.description.log.removeAll { $0.index >= log.from }
            state.description.log += log.cells
        }
        if let progress { state.description.progress = progress }
        if let details { state.description.details = details }
        if let contents { state.description.contents = contents }
        if let keyTable { state.description.keyTable = keyTable }
        if let judgment { state.description.judgment = judgment }
        if let timer { (state.timerSetAtMicros, state.timerFireAtMicros) = (timer?.setAt, timer?.fireAt) }
        if let panels { state.description.panels = panels }
        if let roleStyleKey { state.description.roleStyleKey = roleStyleKey }
        if let clock { state.clock = clock }
        if let lamport { state.lamport = lamport }
    }
}

extension RecordedState {
    private static let stateSuffix = Array(#""type":"state"}"#.utf8)

    /// State lines end with their type (keys are sorted); they nest arrays, so they are parsed
    /// apart from the flat event lines.
    static func isStateLine(_ line: ArraySlice<UInt8>) -> Bool {
        line.count > stateSuffix.count && line.suffix(stateSuffix.count).elementsEqual(stateSuffix)
    }

    /// Reads a parsed `state` line; `field` names what is malformed.
    init(_ object: [String: Any], fail: (String) -> InputError) throws(InputError) {
        guard let node = object["n"] as? Int, node >= 0, let index = (object["i"] as? NSNumber)?.uint64Value else { throw fail("n") }
        self.node = node
        eventIndex = index
        if let text = object["status"] as? String {
            guard let status = NodeStatus(rawValue: text) else { throw fail("status") }
            self.status = status
        }
        if let name = object["role"] as? String {
            guard let kind = (object["roleKind"] as? String).flatMap(NodeDescription.RoleKind.init) else { throw fail("roleKind") }
            role = (name, kind)
        }
        term = Self.nullable(object["term"]) { $0 as? Int }
        commitIndex = Self.nullable(object["commit"]) { $0 as? Int }
        if let cells = object["log"] as? [[Any]] {
            guard let from = object["logFrom"] as? Int else { throw fail("logFrom") }
            log = (from, try cells.map { cell throws(InputError) in
                guard cell.count == 4, let index = cell[0] as? Int, let term = cell[1] as? Int, let committed = cell[2] as? Int,
                      let label = cell[3] as? String else { throw fail("log") }
                return NodeDescription.LogCell(index: index, term: term, committed: committed != 0, label: label)
            })
        }
        if let rows = object["progress"] as? [[Int]] {
            progress = try rows.map { row throws(InputError) in
                guard row.count == 3 else { throw fail("progress") }
                return NodeDescription.Progress(node: NodeID(row[0]), match: row[1], next: row[2])
            }
        }
        details = try Self.pairs(object["details"], fail: { fail("details") })?.map { (label: $0.0, value: $0.1) }
        contents = try Self.pairs(object["contents"], fail: { fail("contents") })?.map { (key: $0.0, value: $0.1) }
        keyTable = try Self.keyTable(object["keys"], fail: { fail("keys") })
        judgment = try Self.judgment(object["judgment"], fail: { fail("judgment") })
        timer = try Self.timer(object["timer"], fail: { fail("timer") })
        if let value = object["panels"] {
            guard let panels = NodePanelText.read(value) else { throw fail("panels") }
            self.panels = panels
        }
        roleStyleKey = Self.nullable(object["roleKey"]) { ($0 as? String).flatMap { StyleKey.isValid($0) ? $0 : nil } }
        if let counts = object["clock"] as? [NSNumber] { clock = VectorClock(counts: counts.map(\.uint64Value)) }
        if let lamport = (object["lamport"] as? NSNumber)?.uint64Value { self.lamport = lamport }
    }

    private static func nullable<T>(_ value: Any?, _ read: (Any) -> T?) -> T?? {
        guard let value else { return nil }
        if value is NSNull { return .some(nil) }
        return read(value).map { .some($0) }
    }

    private static func pairs(_ value: Any?, fail: () -> InputError) throws(InputError) -> [(String, String)]? {
        guard let value else { return nil }
        guard let rows = value as? [[String]], rows.allSatisfy({ $0.count == 2 }) else { throw fail() }
        return rows.map { ($0[0], $0[1]) }
    }

    private static func keyTable(_ value: Any?, fail: () -> InputError) throws(InputError) -> [NodeDescription.KeyRow]?? {
        guard let value else { return nil }
        if value is NSNull { return .some(nil) }
        guard let rows = value as? [[Any]] else { throw fail() }
        return .some(try rows.map { row throws(InputError) in
            guard row.count == 2, let key = row[0] as? String, let versions = try pairs(row[1], fail: fail) else { throw fail() }
            return NodeDescription.KeyRow(key: key, versions: versions.map { .init(value: $0.0, clock: $0.1) })
        })
    }

    private static func judgment(_ value: Any?, fail: () -> InputError) throws(InputError) -> NodeDescription.Judgment?? {
        guard let value else { return nil }
        if value is NSNull { return .some(nil) }
        guard let object = value as? [String: Any], let at = (object["at"] as? NSNumber)?.int64Value, let from = object["from"] as? Int,
              let key = object["key"] as? String, let order = (object["order"] as? String).flatMap(CausalOrder.init),
              let outcome = object["outcome"] as? String else { throw fail() }
        return .some(.init(key: key, from: NodeID(from), order: order, outcome: outcome, atMicros: at))
    }

    private static func timer(_ value: Any?, fail: () -> InputError) throws(InputError) -> (setAt: Int64, fireAt: Int64)?? {
        guard let value else { return nil }
        if value is NSNull { return .some(nil) }
        guard let pair = value as? [NSNumber], pair.count == 2 else { throw fail() }
        return .some((pair[0].int64Value, pair[1].int64Value))
    }
}
