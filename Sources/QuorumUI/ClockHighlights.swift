import QuorumCore

/// Which vector-clock entries changed in the last moment of simulated time: in the latest frame's
/// advance, or within `momentMicros` of now (so a paused or slow run still shows what the last
/// step changed). Everything else is drawn plainly, so the highlight means something.
struct ClockHighlights {
    /// The shortest "last moment", in simulated time.
    static let momentMicros: Int64 = 10_000
    private var last: [VectorClock]
    private var changedAtMicros: [[Int64]]
    private var previousNoteMicros: Int64 = 0
    private var latestNoteMicros: Int64 = 0

    init(_ clocks: [VectorClock]) {
        last = clocks
        changedAtMicros = clocks.map { Array(repeating: Int64.min, count: $0.counts.count) }
    }

    /// Notes the clocks as they are now (a new position in a replay: nothing lights up).
    mutating func reset(_ clocks: [VectorClock]) {
        last = clocks
        changedAtMicros = clocks.map { Array(repeating: Int64.min, count: $0.counts.count) }
    }

    /// Notes the clocks at simulated time `nowMicros`.
    mutating func note(_ clocks: [VectorClock], nowMicros: Int64) {
        previousNoteMicros = latestNoteMicros
        latestNoteMicros = nowMicros
        for (node, clock) in clocks.enumerated() where node < last.count {
            for column in 0..<min(clock.counts.count, last[node].counts.count) where clock.counts[column] != last[node].counts[column] {
                changedAtMicros[node][column] = nowMicros
            }
            last[node] = clock
        }
    }

    func changed(nowMicros: Int64) -> [[Bool]] {
        let advance = max(0, latestNoteMicros - previousNoteMicros)
        let since = nowMicros - max(ClockHighlights.momentMicros, advance)
        return changedAtMicros.map { $0.map { $0 != Int64.min && $0 > since && $0 <= nowMicros } }
    }
}
