/// Scenario scripts on the queue: each step's next occurrence only (see ScriptFeed).
extension Simulator {
    /// Queues a script's steps up to `end`, in the order queueing every occurrence up front
    /// would give them.
    public func scheduleScript(_ steps: [Scenario.Step], until end: SimTime) {
        let base = queue.reserveSequences(ScriptFeed.occurrenceCount(steps, until: end))
        for first in scriptFeed.add(steps, until: end, base: base) {
            nextExternalID += 1
            scriptFeed.noteQueued(id: nextExternalID, script: scriptFeed.lastScriptIndex, step: first.step)
            queue.schedule(.external(id: nextExternalID), at: max(first.time, now), sequence: first.sequence)
        }
    }

    /// Runs a script occurrence and queues the step's next one.
    func runScriptOccurrence(_ id: UInt64) {
        guard let (action, next) = scriptFeed.fire(id, at: now) else { return }
        if let next { queue.schedule(.external(id: id), at: next.time, sequence: next.sequence) }
        perform(action)
    }
}
