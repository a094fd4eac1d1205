import QuorumCore

/// Going back in a live run. The run is deterministic, so the past is a seek: the session becomes
/// a replay of itself (the run from its origin with the inputs applied so far), the present kept
/// aside to return to. The first change made from a past moment forks the run from there, as `f`
/// does in a replay, and the future that was is dropped.
extension LiveSession {
    /// True while a live run is viewed at an earlier moment than its present.
    public var isInPast: Bool { present != nil }

    /// Why the run cannot go back now, if it cannot.
    private var pastRefusal: String? {
        if lesson != nil { return "a lesson moves through its chapters with n and N" }
        if recording { return "stop recording (R) first: going back re-simulates the run" }
        if inputsOverflowed { return "too many keys to re-simulate: this run cannot go back" }
        if simulator.eventCount <= origin.eventCount { return "this is the start of the run" }
        return nil
    }

    /// Turns the live run into a replay of itself, the present kept aside. False (and says why)
    /// when it cannot.
    func enterPast() -> Bool {
        if let refusal = pastRefusal {
            say(refusal)
            return false
        }
        state.paused = true
        present = simulator
        let origin = self.origin
        let script = ReplayScript<Node>(makeSimulator: { origin.checkpoint() }, inputs: appliedInputs,
                                        totalEvents: simulator.eventCount, endTime: simulator.now, marks: [])
        replay = script
        nextInput = appliedInputs.count
        checkpoints = [Checkpoint(events: origin.eventCount, time: origin.now, nextInput: 0, caption: nil, simulator: origin)]
        checkpointLayer = CheckpointLayer(script: script, interval: checkpointInterval)
        return true
    }

    /// `[` and `]` in a live run: back or forward by simulated time, forward no further than the
    /// present.
    func jumpTime(byMicros micros: Int64) {
        if micros < 0 {
            if replay == nil { guard enterPast() else { return } }
            seek(toTime: SimTime(micros: max(origin.now.micros, simulator.now.micros + micros)))
            return
        }
        guard let present else { return say("this is the present: space runs time forward") }
        let target = simulator.now.micros + micros
        if target >= present.now.micros { return returnToPresent() }
        seek(toTime: SimTime(micros: target))
        arriveAtPresentIfThere()
    }

    /// Once stepping forward in the past has caught up with the present, continues from the
    /// present itself (its clock and observers as they were).
    func arriveAtPresentIfThere() {
        guard let present, simulator.eventCount >= present.eventCount else { return }
        returnToPresent()
    }

    private func returnToPresent() {
        guard let present, let replay else { return }
        simulator = present
        appliedInputs = replay.inputs
        leavePast()
        history.removeAll { $0.index >= simulator.eventCount }
        clockHighlights.reset(simulator.nodes.map(\.clock))
        say("back at the present, t \(simulator.now.shortDescription)")
    }

    /// A change from a past moment: the run continues live from here, its old future dropped.
    func forkFromPast() {
        guard present != nil else { return }
        let from = simulator.now.shortDescription
        leavePast()
        forkNote = "forked at t \(from): the run is live from here (its old future dropped)"
    }

    private func leavePast() {
        present = nil
        replay = nil
        checkpointLayer?.cancel()
        checkpointLayer = nil
        checkpoints = []
        lastAdvanceMicros = nil
    }
}
