import QuorumCore

/// Which vector-clock entries changed in the last second of wall time, so the clock table can
/// light them up.
struct ClockHighlights {
    private var last: [VectorClock]
    private var changedUntilMicros: [[Int64]]

    init(_ clocks: [VectorClock]) {
        last = clocks
        changedUntilMicros = clocks.map { Array(repeating: 0, count: $0.counts.count) }
    }

    /// Notes the clocks as they are now (a new position in a replay: nothing lights up).
    mutating func reset(_ clocks: [VectorClock]) { last = clocks }

    mutating func note(_ clocks: [VectorClock], wallMicros: Int64) {
        for (node, clock) in clocks.enumerated() where node < last.count {
            for column in 0..<min(clock.counts.count, last[node].counts.count) where clock.counts[column] != last[node].counts[column] {
                changedUntilMicros[node][column] = wallMicros + 1_000_000
            }
            last[node] = clock
        }
    }

    func changed(wallMicros: Int64) -> [[Bool]] {
        changedUntilMicros.map { $0.map { $0 > wallMicros } }
    }
}
