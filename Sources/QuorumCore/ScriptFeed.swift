/// A scenario's steps fed to the simulator's queue one occurrence at a time: an `every` line has
/// only its next repetition queued, and queues the one after when it runs, so `every 1us heal` over
/// ten seconds holds one queue entry, not ten million.
///
/// The run is exactly the one of queueing every occurrence up front: each occurrence gets the
/// sequence number it would have had then. The whole timeline (every occurrence up to the end,
/// ordered by time, then script line) is given a block of sequence numbers when the script is
/// queued, and an occurrence takes the one at its rank in that order, counted arithmetically.
struct ScriptFeed: Sendable {
    private struct Script: Sendable {
        let steps: [Scenario.Step]
        let end: SimTime
        /// The first sequence number of the script's block.
        let base: UInt64
    }

    private var scripts: [Script] = []
    /// The queue's external id of each queued occurrence -> (script, step).
    private var queued: [UInt64: (script: Int, step: Int)] = [:]

    /// How many occurrences the steps have up to `end` (the size of the block to reserve).
    static func occurrenceCount(_ steps: [Scenario.Step], until end: SimTime) -> UInt64 {
        steps.reduce(0) { $0 + UInt64(occurrences(of: $1, until: end)) }
    }

    /// Adds a script whose block starts at `base`; returns its first occurrences to queue, as
    /// (step, time, sequence).
    mutating func add(_ steps: [Scenario.Step], until end: SimTime, base: UInt64) -> [(step: Int, time: SimTime, sequence: UInt64)] {
        scripts.append(Script(steps: steps, end: end, base: base))
        let script = scripts[scripts.count - 1]
        return steps.indices.compactMap { index in
            let step = steps[index]
            guard Self.occurrences(of: step, until: end) > 0 else { return nil }
            return (index, step.at, Self.sequence(of: index, at: step.at, in: script))
        }
    }

    mutating func noteQueued(id: UInt64, script: Int, step: Int) { queued[id] = (script, step) }

    var lastScriptIndex: Int { scripts.count - 1 }

    /// The occurrence queued as `id` runs at `time`: its action, and the next occurrence of the
    /// same step to queue under the same id (nil when it was the last). Nil if `id` is not a
    /// script occurrence.
    mutating func fire(_ id: UInt64, at time: SimTime) -> (action: ClusterAction, next: (time: SimTime, sequence: UInt64)?)? {
        guard let (scriptIndex, stepIndex) = queued[id] else { return nil }
        let script = scripts[scriptIndex]
        let step = script.steps[stepIndex]
        // The next repetition on the step's own grid (`time` may be later, when queued late).
        guard let period = step.period, case let next = SimTime(micros: step.at.micros + (max(time.micros - step.at.micros, 0) / period + 1) * period),
              next <= Self.stop(of: step, until: script.end) else {
            queued[id] = nil
            return (step.action, nil)
        }
        return (step.action, (next, Self.sequence(of: stepIndex, at: next, in: script)))
    }

    private static func stop(of step: Scenario.Step, until end: SimTime) -> SimTime {
        min(step.until ?? end, end)
    }

    /// Occurrences of a step up to `end`.
    private static func occurrences(of step: Scenario.Step, until end: SimTime) -> Int64 {
        let stop = stop(of: step, until: end)
        guard step.at <= stop else { return 0 }
        guard let period = step.period else { return 1 }
        return (stop.micros - step.at.micros) / period + 1
    }

    /// Occurrences of `step` before `time`, and also at `time` when `includingTime`.
    private static func occurrences(of step: Scenario.Step, until end: SimTime, before time: SimTime, includingTime: Bool) -> Int64 {
        let total = occurrences(of: step, until: end)
        let last = includingTime ? time.micros : time.micros - 1
        guard total > 0, last >= step.at.micros else { return 0 }
        guard let period = step.period else { return 1 }
        return min(total, (last - step.at.micros) / period + 1)
    }

    /// The sequence number of `stepIndex`'s occurrence at `time`: the block's base plus the number
    /// of occurrences ordered before it (earlier, or at the same time on an earlier line).
    private static func sequence(of stepIndex: Int, at time: SimTime, in script: Script) -> UInt64 {
        var rank: Int64 = 0
        for (index, step) in script.steps.enumerated() {
            rank += occurrences(of: step, until: script.end, before: time, includingTime: index < stepIndex)
        }
        return script.base + UInt64(rank)
    }
}
