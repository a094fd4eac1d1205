import QuorumCore

/// A `state` line: what changed in one node's state since the recording last noted it. A field
/// that is absent did not change; `log` holds the entries from `logFrom` on, which replace the
/// recorded ones from there. Keys in sorted order, so the same run gives the same bytes.
enum NodeStateLine {
    static func write<Node>(_ state: RecordBatch<Node>.State, into buffer: inout [UInt8]) {
        let old = state.previous
        let new = state.current
        let (was, now) = (old?.description, new.description)
        JSONLine.write(into: &buffer) { line in
            if old?.clock != new.clock { line.add("clock", raw: { $0.append(new.clock) }) }
            if old == nil || was?.commitIndex != now.commitIndex { line.add("commit", optional: now.commitIndex) }
            if old == nil || !sameRows(was?.contents, now.contents) { line.add("contents", raw: { pairs(now.contents.map { ($0.key, $0.value) }, &$0) }) }
            if old == nil || !sameRows(was?.details, now.details) { line.add("details", raw: { pairs(now.details.map { ($0.label, $0.value) }, &$0) }) }
            line.add("i", number: state.eventIndex)
            if old == nil || was?.judgment != now.judgment { writeJudgment(now.judgment, &line) }
            if old == nil || was?.keyTable != now.keyTable { writeKeys(now.keyTable, &line) }
            if old?.lamport != new.lamport { line.add("lamport", number: new.lamport) }
            if old == nil || was?.log != now.log {
                line.add("log", raw: { cells(now.log.filter { $0.index >= state.logFrom }, &$0) })
                line.add("logFrom", number: state.logFrom)
            }
            line.add("n", number: state.node.index)
            // A protocol's own panels and role key: written when they change, and on a node's
            // first line only when it has any (protocols without them record as before).
            if old == nil ? !now.panels.isEmpty : was?.panels != now.panels { line.add("panels", raw: { NodePanelText.write(now.panels, &$0) }) }
            if old == nil || was?.progress != now.progress { line.add("progress", raw: { progress(now.progress, &$0) }) }
            let roleKeyChanged = old == nil ? now.roleStyleKey != nil : was?.roleStyleKey != now.roleStyleKey
            if old == nil || was?.role != now.role || was?.roleKind != now.roleKind || roleKeyChanged {
                line.add("role", string: now.role)
                if roleKeyChanged {
                    if let key = now.roleStyleKey { line.add("roleKey", string: key) } else { line.addNull("roleKey") }
                }
                line.add("roleKind", string: now.roleKind.rawValue)
            }
            if old?.status != new.status { line.add("status", string: new.status.rawValue) }
            if old == nil || was?.term != now.term { line.add("term", optional: now.term) }
            if old == nil || old?.timerSetAtMicros != new.timerSetAtMicros || old?.timerFireAtMicros != new.timerFireAtMicros {
                if let set = new.timerSetAtMicros, let fire = new.timerFireAtMicros {
                    line.add("timer", raw: { numbers([set, fire], &$0) })
                } else {
                    line.addNull("timer")
                }
            }
            line.add("type", literal: "state")
        }
    }

    private static func sameRows(_ a: [(String, String)]?, _ b: [(String, String)]) -> Bool {
        guard let a, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    private static func pairs(_ rows: [(String, String)], _ out: inout [UInt8]) {
        list(rows, &out) { row, out in
            out.append(UInt8(ascii: "["))
            JSONText.appendQuoted(row.0, to: &out)
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(row.1, to: &out)
            out.append(UInt8(ascii: "]"))
        }
    }

    private static func cells(_ cells: [NodeDescription.LogCell], _ out: inout [UInt8]) {
        list(cells, &out) { cell, out in
            numbers([Int64(cell.index), Int64(cell.term), cell.committed ? 1 : 0], &out, closed: false)
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(cell.label, to: &out)
            out.append(UInt8(ascii: "]"))
        }
    }

    private static func progress(_ rows: [NodeDescription.Progress], _ out: inout [UInt8]) {
        list(rows, &out) { row, out in numbers([Int64(row.node.index), Int64(row.match), Int64(row.next)], &out) }
    }

    private static func writeJudgment(_ judgment: NodeDescription.Judgment?, _ line: inout JSONLine) {
        guard let judgment else { return line.addNull("judgment") }
        line.add("judgment", raw: { out in
            out.append(text: "{\"at\":")
            out.append(decimal: Int(judgment.atMicros))
            out.append(text: ",\"from\":")
            out.append(decimal: judgment.from.index)
            out.append(text: ",\"key\":")
            JSONText.appendQuoted(judgment.key, to: &out)
            out.append(text: ",\"order\":")
            JSONText.appendQuoted(judgment.order.rawValue, to: &out)
            out.append(text: ",\"outcome\":")
            JSONText.appendQuoted(judgment.outcome, to: &out)
            out.append(UInt8(ascii: "}"))
        })
    }

    private static func writeKeys(_ rows: [NodeDescription.KeyRow]?, _ line: inout JSONLine) {
        guard let rows else { return line.addNull("keys") }
        line.add("keys", raw: { out in
            list(rows, &out) { row, out in
                out.append(UInt8(ascii: "["))
                JSONText.appendQuoted(row.key, to: &out)
                out.append(UInt8(ascii: ","))
                pairs(row.versions.map { ($0.value, $0.clock) }, &out)
                out.append(UInt8(ascii: "]"))
            }
        })
    }

    private static func numbers(_ values: [Int64], _ out: inout [UInt8], closed: Bool = true) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(decimal: Int(value))
        }
        if closed { out.append(UInt8(ascii: "]")) }
    }

    /// `[a,b,...]`, each item written by `write` (also the panels' writer).
    static func list<Element>(_ items: [Element], _ out: inout [UInt8], _ write: (Element, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(item, &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}

extension JSONLine {
    mutating func add(_ key: StaticString, optional value: Int?) {
        if let value { add(key, number: value) } else { addNull(key) }
    }
}
