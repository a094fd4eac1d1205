import QuorumCore

/// What a replay needs: a way to rebuild the recorded run from its start, the interactive inputs
/// to apply after the recorded steps, and the recording's length and notable moments.
public struct ReplayScript<Node: SimulatedNode & NodeDescribing> {
    public struct Input: Sendable {
        public var step: UInt64
        public var time: SimTime
        public var action: ClusterAction

        public init(step: UInt64, time: SimTime, action: ClusterAction) {
            self.step = step
            self.time = time
            self.action = action
        }
    }

    public typealias Mark = ReplayMark

    public var makeSimulator: () -> Simulator<Node>
    public var inputs: [Input]
    public var totalEvents: UInt64
    public var endTime: SimTime
    public var marks: [Mark]
    /// Where the recorded history stops being linearizable: the invocation of the first operation
    /// that cannot be placed, and what it was. Nil when the history is linearizable (or unknown).
    public var violation: (time: SimTime, label: String)?
    /// The recorded text of event `i`, to notice when the re-simulation differs from the recording
    /// (the protocol code changed since it was made). Nil: not checked.
    public var recordedText: ((UInt64) -> String?)?

    public init(makeSimulator: @escaping () -> Simulator<Node>, inputs: [Input], totalEvents: UInt64, endTime: SimTime, marks: [Mark],
                violation: (time: SimTime, label: String)? = nil) {
        self.makeSimulator = makeSimulator
        self.inputs = inputs
        self.totalEvents = totalEvents
        self.endTime = endTime
        self.marks = marks
        self.violation = violation
    }
}
