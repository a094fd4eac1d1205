import QuorumCheckers
import QuorumCore

/// Everything one frame shows, taken from the session at one instant. Views draw only this, so a
/// frame is a pure function of (snapshot, size).
public struct FrameSnapshot: Sendable {
    public struct NodeView: Sendable {
        public var id: NodeID
        public var status: NodeStatus
        public var description: NodeDescription
        /// How far the primary (election) timer has run, 0...1, if it is pending.
        public var timerFraction: Double?
        public var timerName: String
        public var timerRemainingMicros: Int64?
        public var clock: VectorClock
        public var lamport: UInt64
        /// Honest, or the fault it is in (`silent`, `delay`, a protocol's own), shown as a badge.
        public var behaviour: NodeBehaviour = .honest
    }

    public struct Flight: Sendable {
        public var from: Endpoint
        public var to: Endpoint
        /// 0 at sending, 1 at arrival (clamped; a message waiting at a frozen node stays at 1).
        public var progress: Double
        public var category: MessageCategory
        /// The protocol's own kind of message, for themes (`pre-prepare`); nil: the category's look.
        public var styleKey: String? = nil
        /// The message's id in the run (nil: a drop drawn after the fact).
        public var id: UInt64? = nil
        /// Selected in message mode: its path and itself drawn in the selection's style.
        public var isSelected = false
    }

    /// The message selected in message mode, described in full for the detail panel.
    public struct MessageDetail: Sendable {
        public var heading: String
        /// (label, value) lines; long values wrap.
        public var lines: [(String, String)]
    }

    public struct EventLine: Sendable {
        public var time: SimTime
        public var text: String
        public var style: StyleRole
    }

    public var protocolName: String
    public var seed: UInt64
    public var now: SimTime
    public var speedLabel: String
    public var paused: Bool
    public var recording: Bool
    public var nodes: [NodeView]
    public var flights: [Flight]
    /// Messages that died recently: (from, to, where along the way).
    public var drops: [Flight]
    /// Sides of the current partition, or nil when the network is whole.
    public var sides: [[NodeID]]?
    public var cuts: [(from: NodeID, to: NodeID)]
    public var network: NetworkSettings
    public var events: [EventLine]
    public var eventsFilter: String?
    /// Per node, per clock entry: changed in the last moments.
    public var clockChanged: [[Bool]]
    public var state: UIState
    /// The caption line: a mode prompt, a status message or the latest `say`.
    public var captionLine: String?
    public var captionIsPrompt: Bool
    /// A lesson's caption band (in place of the caption line), when a lesson plays.
    public var lesson: LessonBand? = nil
    public var leader: NodeID?
    public var glyphs: Glyphs
    /// The background checker's latest verdicts on the client history, if it runs.
    public var checker: HistoryCheckWorker.Verdicts?
    /// A breach of the protocol's own safety across nodes, as its `safetyViolation` tells.
    public var safetyViolation: String? = nil
    /// In a replay: the recording's length and notable moments, for the timeline bar.
    public var timeline: Timeline?
    /// Why the recording could not be written, once that happened (the header says so).
    public var recordingFailure: String? = nil
    /// The protocol has leaders (the help and footer offer `K` only then).
    public var electsLeaders = true
    /// What the workload's requests ask for now (`R QUORUM W ONE`), where `L` changes it; the
    /// header shows it.
    public var workloadLabel: String? = nil
    /// The run reached the end it was given (`--duration`) and goes no further.
    public var ended = false
    /// Datacenters (named groups of nodes), laid out together while the network is whole.
    public var datacenters: Datacenters? = nil
    /// Message mode: the selected message, which the detail panel shows instead of the node.
    public var selectedMessage: MessageDetail? = nil
    /// Viewing a live run in the past: the present's time (the header says `◀ past`).
    public var presentTime: SimTime? = nil
    /// Event log lines scrolled back from the newest.
    public var eventsScrolledBack = 0
    /// The newest rows of the space-time diagram, newest last (filled while `state.showsDiagram`).
    public var diagram: [DiagramRow] = []

    public struct Timeline: Sendable {
        public var end: SimTime
        public var marks: [(time: SimTime, label: String)]
        /// The re-simulation no longer matches the recording (the protocol code changed).
        public var diverged = false
        /// The frame is drawn from the recording's events and node states, not re-simulated.
        public var drawnFromRecording = false
    }

    public var selectedNode: NodeView { nodes[state.selected.index] }

    /// The nodes that fit in `rows` rows, keeping the selected one in view (row-per-node panels).
    func nodesInView(rows: Int) -> ArraySlice<NodeView> {
        nodes[VectorClockView.window(count: nodes.count, room: rows, around: state.selected.index)]
    }
}
