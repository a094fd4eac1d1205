import Dispatch

/// How much a checker may search before it answers `unknown`. The budget that decides a verdict is
/// a count of search steps, so the same history gets the same verdict on every machine (`run --json`
/// promises identical output but for `eventsPerSecond`). An optional wall-clock deadline is an outer
/// safety for interactive commands only (`quorum check`); running into it also answers `unknown`.
public struct SearchBudget: Sendable, Equatable {
    /// Search steps allowed (what a step is depends on the checker; see its `stepsPerNominalSecond`).
    public var steps: Int
    /// Uptime in nanoseconds after which the search gives up, whatever steps are left.
    public var deadlineNanos: UInt64?

    public init(steps: Int, deadlineNanos: UInt64? = nil) {
        self.steps = max(0, steps)
        self.deadlineNanos = deadlineNanos
    }

    /// A wall-clock deadline `seconds` from now (for `SearchBudget.deadlineNanos`).
    public static func deadline(secondsFromNow seconds: Double) -> UInt64 {
        let nanos = max(0, min(seconds, 1e9)) * 1e9
        return DispatchTime.now().uptimeNanoseconds &+ UInt64(nanos)
    }

    /// Steps for a duration at a checker's nominal rate (capped so that huge durations cannot overflow).
    static func steps(seconds: Double, rate: Int) -> Int {
        let wanted = max(0, seconds) * Double(rate)
        return wanted >= Double(Int.max / 2) ? Int.max / 2 : Int(wanted)
    }

    var isPastDeadline: Bool {
        guard let deadlineNanos else { return false }
        return DispatchTime.now().uptimeNanoseconds > deadlineNanos
    }
}
