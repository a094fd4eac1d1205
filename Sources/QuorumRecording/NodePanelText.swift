import Foundation
import QuorumCore

/// A protocol's panels in a `state` line, and back: `[{"facts":[[label,value],...],"title":...},
/// {"columns":[...],"rows":[[[text,key|null],...],...],"title":...}, {"slots":[[n,phase,label],...],"title":...},
/// {"log":[[index,term,committed,label],...],"title":...}]`.
enum NodePanelText {
    static func write(_ panels: [NodePanel], _ out: inout [UInt8]) {
        list(panels, &out) { panel, out in
            out.append(UInt8(ascii: "{"))
            switch panel.content {
            case .facts(let facts):
                out.append(text: "\"facts\":")
                list(facts, &out) { fact, out in list([fact.label, fact.value], &out, quoted) }
            case .table(let columns, let rows):
                out.append(text: "\"columns\":")
                list(columns, &out, quoted)
                out.append(text: ",\"rows\":")
                list(rows, &out) { row, out in
                    list(row, &out) { cell, out in
                        out.append(UInt8(ascii: "["))
                        JSONText.appendQuoted(cell.text, to: &out)
                        out.append(UInt8(ascii: ","))
                        if let key = cell.styleKey { JSONText.appendQuoted(key, to: &out) } else { out.append(text: "null") }
                        out.append(UInt8(ascii: "]"))
                    }
                }
            case .log(let cells):
                out.append(text: "\"log\":")
                list(cells, &out) { cell, out in
                    out.append(UInt8(ascii: "["))
                    out.append(decimal: cell.index)
                    out.append(UInt8(ascii: ","))
                    out.append(decimal: cell.term)
                    out.append(text: cell.committed ? ",1," : ",0,")
                    JSONText.appendQuoted(cell.label, to: &out)
                    out.append(UInt8(ascii: "]"))
                }
            case .slots(let slots):
                out.append(text: "\"slots\":")
                list(slots, &out) { slot, out in
                    out.append(UInt8(ascii: "["))
                    out.append(decimal: slot.number)
                    out.append(UInt8(ascii: ","))
                    JSONText.appendQuoted(slot.phase, to: &out)
                    out.append(UInt8(ascii: ","))
                    JSONText.appendQuoted(slot.label, to: &out)
                    out.append(UInt8(ascii: "]"))
                }
            }
            out.append(text: ",\"title\":")
            JSONText.appendQuoted(panel.title, to: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func quoted(_ text: String, _ out: inout [UInt8]) { JSONText.appendQuoted(text, to: &out) }

    /// `[a,b,...]`: the state line's own list writer.
    private static func list<Element>(_ items: [Element], _ out: inout [UInt8], _ write: (Element, inout [UInt8]) -> Void) {
        NodeStateLine.list(items, &out, write)
    }

    /// Reads what `write` wrote (parsed by JSONSerialization); nil when malformed.
    static func read(_ value: Any) -> [NodePanel]? {
        guard let objects = value as? [[String: Any]] else { return nil }
        var panels: [NodePanel] = []
        for object in objects {
            guard let title = object["title"] as? String else { return nil }
            if let facts = object["facts"] as? [[String]] {
                guard facts.allSatisfy({ $0.count == 2 }) else { return nil }
                panels.append(NodePanel(title: title, content: .facts(facts.map { NodePanel.Fact($0[0], $0[1]) })))
            } else if let columns = object["columns"] as? [String], let rows = object["rows"] as? [[[Any]]] {
                var cells: [[NodePanel.Cell]] = []
                for row in rows {
                    var line: [NodePanel.Cell] = []
                    for cell in row {
                        guard cell.count == 2, let text = cell[0] as? String else { return nil }
                        line.append(NodePanel.Cell(text, styleKey: cell[1] as? String))
                    }
                    cells.append(line)
                }
                panels.append(NodePanel(title: title, content: .table(columns: columns, rows: cells)))
            } else if let cells = object["log"] as? [[Any]] {
                var parsed: [NodeDescription.LogCell] = []
                for cell in cells {
                    guard cell.count == 4, let index = cell[0] as? Int, let term = cell[1] as? Int, let committed = cell[2] as? Int,
                          let label = cell[3] as? String else { return nil }
                    parsed.append(NodeDescription.LogCell(index: index, term: term, committed: committed != 0, label: label))
                }
                panels.append(NodePanel(title: title, content: .log(parsed)))
            } else if let slots = object["slots"] as? [[Any]] {
                var parsed: [NodePanel.Slot] = []
                for slot in slots {
                    guard slot.count == 3, let number = slot[0] as? Int, let phase = slot[1] as? String, let label = slot[2] as? String else { return nil }
                    parsed.append(NodePanel.Slot(number: number, phase: phase, label: label))
                }
                panels.append(NodePanel(title: title, content: .slots(parsed)))
            } else {
                return nil
            }
        }
        return panels
    }
}
