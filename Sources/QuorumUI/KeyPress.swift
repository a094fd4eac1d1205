import QuorumCore

/// A key or mouse input, already decoded by the terminal backend.
public enum KeyPress: Equatable, Sendable {
    case character(Character)
    case up, down, left, right, tab, backTab, enter, escape, backspace, pageUp, pageDown
    case click(x: Int, y: Int)
    case resize
}

/// What a key means: one update function applies these (The Elm architecture).
public enum UIAction: Equatable, Sendable {
    case togglePause
    case step
    case faster
    case slower
    case select(NodeID)
    case selectRelative(Int)
    /// Anything that changes the cluster goes through the simulator's one input path.
    case cluster(ClusterAction)
    case toggleHelp
    case beginPartition
    case togglePartitionSide(NodeID)
    case applyPartition
    case beginRequest
    case request(RequestKind)
    case cancel
    case cycleLoss
    case toggleEventFilter
    case toggleMessageEvents
    /// The space-time diagram in place of the log strips and the event log, or back.
    case toggleDiagram
    case click(x: Int, y: Int)
    case quit
    /// Start or stop recording the run to a file.
    case toggleRecording
    // Replay only.
    case stepBack
    /// Jump by a fraction of the recording's length (0.1 forward, -0.1 back).
    case jumpFraction(Double)
    /// To the next (true) or previous notable event.
    case jumpMark(Bool)
    case beginGoTo
    case typeGoTo(Character)
    case applyGoTo
    case fork
    /// Replay: go to where the history stops being linearizable.
    case jumpToViolation
    /// A live run: back (negative) or forward by simulated time, re-simulating the past from the
    /// seed; forward stops at the present.
    case jumpTime(micros: Int64)
    // Message mode: the messages in flight, one selected.
    case beginMessages
    /// To the next (positive) or previous message in flight, in sending order.
    case moveMessage(Int)
    case dropSelectedMessage
    case deliverSelectedMessage
    // The request prompt's fields (key, value), each with a default one Enter away.
    case typeRequest(Character)
    case eraseRequest
    case applyRequestField
    /// Scrolls the event log back (positive) or towards the newest (negative) by lines.
    case scrollEvents(Int)
    /// Normal panels, then a larger cluster with reduced panels, then the cluster alone.
    case cycleZoom
    /// Singles out a key (`y`): the ring marks its token, replicas and coordinator.
    case selectKey(String)
}

/// The client requests the UI offers on the selected node.
public enum RequestKind: String, Equatable, Sendable, CaseIterable {
    case get, set, incr, cas
}
