import QuorumCheckers

/// The checkers' results of a sweep, a column per variant (a store's consistency levels), so the
/// levels can be compared side by side: how many seeds' histories were linearizable, and each of
/// the protocol's own results (counts summed over the seeds, yes/no results as the seeds where
/// they held).
struct SweepSummary {
    struct Column {
        var label: String
        var reports: [RunReport]
    }

    var heading: String
    var columns: [Column]

    /// The table, cut into blocks of columns no wider than `width` (a terminal of 80 columns),
    /// each block with the row labels again.
    func text(width: Int = 80) -> String {
        let rows = self.rows
        let labelWidth = max(heading.count, rows.map(\.label.count).max() ?? 0) + 2
        let widths = columns.indices.map { column in
            max(columns[column].label.count, rows.map { $0.cells[column].count }.max() ?? 0) + 2
        }
        var blocks: [[Int]] = []
        for column in columns.indices {
            if let last = blocks.last, labelWidth + last.reduce(0, { $0 + widths[$1] }) + widths[column] <= width {
                blocks[blocks.count - 1].append(column)
            } else {
                blocks.append([column])
            }
        }
        func line(_ label: String, _ cells: [String], _ block: [Int]) -> String {
            let padded = block.map { String(repeating: " ", count: widths[$0] - cells[$0].count) + cells[$0] }
            return label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + padded.joined()
        }
        let tables = blocks.map { block in
            ([line(heading, columns.map(\.label), block)] + rows.map { line($0.label, $0.cells, block) }).joined(separator: "\n")
        }
        return (tables + ["(counts summed over the seeds; n/m: held in n of the m seeds that could tell)"])
            .joined(separator: "\n\n")
    }

    private var rows: [(label: String, cells: [String])] {
        var rows: [(label: String, cells: [String])] = [
            ("seeds", columns.map { String($0.reports.count) }),
            ("failed", columns.map { String($0.reports.count(where: \.failed)) }),
            ("linearizable", columns.map { column in
                let known = column.reports.compactMap(\.linearizability).filter { $0.verdict != .unknown }
                return "\(known.count { $0.verdict == .linearizable })/\(known.count)"
            }),
            ("promised linearizable", columns.map { String($0.reports.count(where: \.expectsLinearizable)) }),
        ]
        for field in columns.first?.reports.first?.protocolFields ?? [] {
            let values = columns.map { column in column.reports.compactMap { $0.protocolFields.first { $0.key == field.key }?.json } }
            switch field.aggregate {
            case .total: rows.append((field.key, values.map { String($0.reduce(0) { $0 + (Int($1) ?? 0) }) }))
            case .largest: rows.append((field.key + " (largest)", values.map { $0.compactMap { Int($0) }.max().map(String.init) ?? "-" }))
            case .held: rows.append((field.key, values.map { "\($0.count { $0 == "true" })/\($0.count { $0 != "null" })" }))
            case .none: break  // text, such as the levels the column heading already gives
            }
        }
        return rows
    }
}
