import QuorumCore

/// How a replica looks to the shared views: its key table, its clock skew and its last judgment.
extension GossipNode: NodeDescribing {
    public static var primaryTimerIsNotable: Bool { false }
    public static var electsLeaders: Bool { false }

    public func describe(logTail: Int) -> NodeDescription {
        var rows: [NodeDescription.KeyRow] = store.sortedRegisterKeys.map { key in
            NodeDescription.KeyRow(key: key, versions: store.registers[key]!.versions.map { .init(value: $0.value, clock: $0.clock.description) })
        }
        rows += store.sortedCounterKeys.map { key in
            let counts = store.counters[key]!
            return NodeDescription.KeyRow(key: key, versions: [.init(value: String(counts.reduce(0, +)), clock: VectorClock(counts: counts).description)])
        }
        rows.sort { $0.key < $1.key }
        let offset = config.clockOffsetMicros(of: id.index, clusterSize: clusterSize)
        var details: [(label: String, value: String)] = [
            ("resolve", config.resolution == .lww ? "last writer wins" : "keep siblings"),
            ("skew", offset == 0 ? "none (true time)" : "+\(DurationParsing.describe(micros: offset)) ahead"),
            ("keys", "\(rows.count), \(rows.filter { $0.versions.count > 1 }.count) with siblings"),
            ("writes", "\(store.journal.count) accepted here"),
        ]
        if let lastJudgment {
            details.append(("judged", "\(lastJudgment.key) from \(lastJudgment.from): \(lastJudgment.order.rawValue), \(lastJudgment.outcome)"))
        }
        var description = NodeDescription(
            role: "replica", roleKind: .replica, details: details,
            contents: rows.map { row in (row.key, row.versions.map(\.value).joined(separator: "|")) })
        description.keyTable = rows
        let withSiblings = rows.filter { $0.versions.count > 1 }.count
        description.cardFacts = [NodePanel.Fact("keys", withSiblings == 0 ? "\(rows.count)" : "\(rows.count), siblings \(withSiblings)")]
        description.judgment = lastJudgment
        return description
    }
}
