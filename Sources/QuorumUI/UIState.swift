import QuorumCore

/// Everything the UI remembers that is not the simulation.
public struct UIState: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        case normal
        /// Assigning nodes to two sides; true means side B.
        case partition(sideB: [Bool])
        /// Choosing a client request for the selected node.
        case request
        /// Typing a time to go to (replay).
        case goTo(text: String)
        /// Message mode: the message in flight with this id is selected (its link highlighted, its
        /// description in the detail panel).
        case messages(selected: UInt64)
        /// Typing a field of a client request: the key (while `key` is nil), then the value of a
        /// set or cas. Empty text takes the default.
        case requestField(kind: RequestKind, key: String?, text: String)
    }

    public var selected = NodeID(0)
    public var paused = false
    public var speedIndex = SpeedScale.defaultIndex
    public var helpVisible = false
    /// The page of the help overlay: 0 the keys, 1 the legend of every glyph, bar and marker.
    public var helpPage = 0
    public var mode = Mode.normal
    public var eventsOfSelectedOnly = false
    public var showMessageEvents = false
    /// Index into `UIState.lossLevels`.
    public var lossLevel = 0
    public var quitRequested = false
    /// Replaying a recording (keys move in time instead of changing the cluster).
    public var isReplay = false
    /// Feedback shown on the caption line until it expires (wall-clock microseconds).
    public var status: String?
    public var statusUntilMicros: Int64 = 0
    /// The room layout of a lesson (`--projector`): a larger cluster, reduced side panels.
    public var projector = false
    /// Event log lines scrolled back from the newest (0: the newest shown).
    public var eventScroll = 0
    /// 0 the usual panels, 1 a larger cluster with reduced panels, 2 the cluster alone (`Z`).
    public var zoom = 0
    /// The space-time diagram replaces the log strips and the event log (`d`, a lesson's `show diagram`).
    public var showsDiagram = false
    /// The key the ring and the key table single out (`y`): its token, its replicas, its
    /// coordinator. Nil: the first key held (views use `UIState.keyShown`).
    public var selectedKey: String?

    public static let lossLevels = [Probability.zero, Probability(perMillion: 100_000), Probability(perMillion: 300_000)]

    public init() {}

    /// The key singled out among `keys` (sorted): the one chosen with `y` while it is held, else the first.
    public func keyShown(among keys: [String]) -> String? {
        if let selectedKey, keys.contains(selectedKey) { return selectedKey }
        return keys.first
    }

    /// The editor's sides named as the partition will name them once applied: sides are listed
    /// in order of their lowest node, so the side holding n1 is side A.
    public static func sidesAsApplied(_ sideB: [Bool]) -> [Bool] {
        sideB.first == true ? sideB.map { !$0 } : sideB
    }

    /// The time typed at the go-to prompt, in the durations' grammar of scripts and options
    /// (`1m` is a minute, `300ms`, `12.5s`); a bare number is seconds (`12.5`).
    public static func goToTime(_ text: String) -> SimTime? {
        let bare = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
        return DurationParsing.micros(Substring(bare ? text + "s" : text)).map { SimTime(micros: $0) }
    }
}
