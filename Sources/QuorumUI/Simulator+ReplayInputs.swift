import QuorumCore

extension Simulator where Node: NodeDescribing {
    /// Performs the recorded inputs due now: from `next` on, those made after exactly the steps
    /// taken so far, as the run that made them did (its clock moved to theirs), advancing `next`
    /// past them. The replay, its background checkpoints and going back all re-run inputs so.
    func performInputsDue(_ inputs: [ReplayScript<Node>.Input], next: inout Int, performed: (ReplayScript<Node>.Input) -> Void = { _ in }) {
        while next < inputs.count, inputs[next].step == stepCount {
            advanceClock(to: inputs[next].time)
            perform(inputs[next].action)
            performed(inputs[next])
            next += 1
        }
    }
}
