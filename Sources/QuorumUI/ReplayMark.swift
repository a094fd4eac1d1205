import QuorumCore

/// A notable moment of a recording (a leader change, crash, partition or caption): where `{` and
/// `}` go, and a mark on the timeline.
public struct ReplayMark: Sendable {
    /// The index of the event.
    public var event: UInt64
    public var time: SimTime
    public var label: String

    public init(event: UInt64, time: SimTime, label: String) {
        self.event = event
        self.time = time
        self.label = label
    }
}

/// Where `{`, `}` and `v` go and what they say, the same in a re-simulated replay and in one drawn
/// from the recording.
enum ReplayNavigation {
    /// The first mark after `position` events (forward), or the last one before.
    static func mark(in marks: [ReplayMark], from position: UInt64, forward: Bool) -> ReplayMark? {
        forward ? marks.first { $0.event + 1 > position } : marks.last { $0.event + 1 < position }
    }

    /// Goes to the next (or previous) mark with `seek`, which moves the replay to just after a
    /// mark's step and returns the position reached; returns the mark arrived at. Going back skips
    /// marks whose step ends where the replay already is: a step emits several events, so after
    /// `}` the replay stands past its mark, and `{` must not land on that same mark again.
    static func jump(in marks: [ReplayMark], from position: UInt64, forward: Bool, seek: (ReplayMark) -> UInt64) -> ReplayMark? {
        if forward {
            guard let next = mark(in: marks, from: position, forward: true) else { return nil }
            _ = seek(next)
            return next
        }
        for candidate in marks.reversed() where candidate.event + 1 < position {
            if seek(candidate) < position { return candidate }
        }
        return nil
    }

    static func noMark(forward: Bool) -> String { forward ? "no later notable event" : "no earlier notable event" }

    static func arrived(at mark: ReplayMark) -> String { "\(mark.time.shortDescription): \(mark.label)" }

    static let noViolation = "the recorded history is linearizable: nothing to jump to"

    /// Just before the offending operation was invoked, so that stepping forward shows it happen.
    static func timeBefore(_ violation: (time: SimTime, label: String)) -> SimTime {
        SimTime(micros: max(0, violation.time.micros - 1))
    }

    static func arrived(at violation: (time: SimTime, label: String)) -> String {
        "\(violation.time.shortDescription): \(violation.label) cannot be linearized (. steps forward)"
    }
}
