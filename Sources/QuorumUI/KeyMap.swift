import QuorumCore

extension UIAction {
    /// Changes the cluster, or opens a prompt or editor to (a replay refuses these until forked).
    var changesTheCluster: Bool {
        switch self {
        case .cluster, .beginPartition, .togglePartitionSide, .applyPartition, .beginRequest, .request, .cycleLoss,
             .dropSelectedMessage, .deliverSelectedMessage, .typeRequest, .eraseRequest, .applyRequestField: return true
        default: return false
        }
    }
}

/// Turns keys into actions. The one table of bindings: the help overlay and the README list the
/// same keys.
public enum KeyMap {
    /// What the key map needs to know of the moment.
    public struct Context: Sendable {
        public var state: UIState
        public var nodeCount: Int
        public var selectedStatus: NodeStatus
        /// What `b` makes the selected node: the next of its protocol's behaviours (honest, silent,
        /// delay, then the protocol's own), nil where behaviours cannot change (a replay).
        public var nextBehaviour: NodeBehaviour?
        /// The selected node's datacenter when the run has several (what `D` cuts off), else nil.
        public var selectedDatacenter: [NodeID]?
        /// What `L` gives the workload's requests: the next of the protocol's option sets (levels),
        /// nil where the workload takes none.
        public var nextWorkloadOptions: [RequestOption]?
        /// Every key the nodes hold, sorted: what `y` cycles through.
        public var keys: [String]

        public init(state: UIState, nodeCount: Int, selectedStatus: NodeStatus, nextBehaviour: NodeBehaviour? = nil,
                    selectedDatacenter: [NodeID]? = nil, nextWorkloadOptions: [RequestOption]? = nil, keys: [String] = []) {
            self.keys = keys
            self.state = state
            self.nodeCount = nodeCount
            self.selectedStatus = selectedStatus
            self.nextBehaviour = nextBehaviour
            self.selectedDatacenter = selectedDatacenter
            self.nextWorkloadOptions = nextWorkloadOptions
        }

        /// The option set after `current` in `cycle` (the first when `current` is not one of them:
        /// the run's configured options), nil for an empty cycle.
        public static func next(after current: [RequestOption], in cycle: [[RequestOption]]) -> [RequestOption]? {
            guard !cycle.isEmpty else { return nil }
            return cycle[((cycle.firstIndex(of: current) ?? -1) + 1) % cycle.count]
        }
    }

    /// (keys, what they do) for the help overlay, in display order.
    public static let help: [(keys: String, action: String)] = [
        ("space", "pause / resume"),
        (". ,", "step one event forward / back (while paused)"),
        ("[ ]", "1s back / forward; a change in the past forks"),
        ("+ -", "speed up / slow down (1/1000x to 100x)"),
        ("1-9 Tab arrows", "select a node (or click it)"),
        ("k", "kill the selected node"),
        ("K", "kill the current leader"),
        ("r z", "restart / freeze-unfreeze the selected node"),
        ("p P h", "partition: isolate / two sides; heal all"),
        ("c", "request to the selected node: key, value"),
        ("M", "messages: Tab picks, x drops, Enter delivers"),
        ("t", "fire the selected node's election timer now"),
        ("b", "cycle behaviour: honest, silent, delay, ..."),
        ("l", "cycle message loss 0% / 10% / 30%"),
        ("L", "cycle the workload's read/write levels"),
        ("D", "cut the selected node's datacenter off"),
        ("y Y", "next / previous key: its replicas on the ring"),
        ("e m", "events: selected node only / all; messages"),
        ("PgUp PgDn Z d", "scroll the event log; zoom; space-time diagram"),
        ("R", "start / stop recording to recordings/"),
        ("? q", "help (?? legend) / quit · quorum lesson"),
    ]

    /// The help of one protocol: `K` only where there are leaders, `t` named after the protocol's
    /// own primary timer (an election timeout, an anti-entropy round), `L` where the workload has
    /// levels to cycle, `D` where the run has several datacenters, `y` where nodes sit on a ring.
    public static func help(timerName: String, electsLeaders: Bool, cyclesWorkload: Bool = false,
                            hasDatacenters: Bool = false, hasRing: Bool = false) -> [(keys: String, action: String)] {
        help.compactMap { entry in
            switch entry.keys {
            case "K": return electsLeaders ? entry : nil
            case "L": return cyclesWorkload ? entry : nil
            case "D": return hasDatacenters ? entry : nil
            case "y Y": return hasRing ? entry : nil
            case "t": return (entry.keys, "fire the selected node's \(timerName) timer now")
            default: return entry
            }
        }
    }

    /// Keys that only a replay has.
    public static let replayHelp: [(keys: String, action: String)] = [
        (", .", "step one event back / forward"),
        ("[ ]", "jump back / forward 10% of the recording"),
        ("{ }", "previous / next notable event"),
        ("g", "go to a time"),
        ("f", "fork: continue live from here"),
        ("v", "go to the first non-linearizable operation"),
    ]

    /// The help overlay of a replay: its own keys first, then the shared ones that work in it.
    public static var replayOverlay: [(keys: String, action: String)] {
        replayHelp + help.filter { ["space", "+ -", "1-9 Tab arrows", "M", "e m", "PgUp PgDn Z d", "? q"].contains($0.keys) }
            + [("after f", "live keys work: k, p, c, R...")]
    }

    public static func action(for key: KeyPress, in context: Context) -> UIAction? {
        if context.state.helpVisible {
            switch key {
            case .click, .resize: return nil
            case .character("q"): return .quit
            case .character("?"): return .toggleHelp  // the next page (the legend), then closed
            default: return .cancel  // any other key closes the help
            }
        }
        if context.state.isReplay, context.state.mode == .normal, let action = replayAction(for: key) { return action }
        switch context.state.mode {
        case .goTo: return goToAction(for: key)
        case .partition: return partitionAction(for: key, in: context)
        case .request: return requestAction(for: key)
        case .requestField: return requestFieldAction(for: key)
        case .messages: return messageAction(for: key)
        case .normal: return normalAction(for: key, in: context)
        }
    }

    /// Simulated time `[` and `]` move a live run by.
    public static let timeJumpMicros: Int64 = 1_000_000
    /// Lines PgUp and PgDn scroll the event log by.
    public static let scrollLines = 10

    private static func normalAction(for key: KeyPress, in context: Context) -> UIAction? {
        let selected = context.state.selected
        switch key {
        case .character(" "): return .togglePause
        case .character("."): return .step
        case .character(","): return .stepBack
        case .character("["): return .jumpTime(micros: -timeJumpMicros)
        case .character("]"): return .jumpTime(micros: timeJumpMicros)
        case .character("M"): return .beginMessages
        case .character("Z"): return .cycleZoom
        case .character("d"): return .toggleDiagram
        case .pageUp: return .scrollEvents(scrollLines)
        case .pageDown: return .scrollEvents(-scrollLines)
        case .character("+"), .character("="): return .faster
        case .character("-"), .character("_"): return .slower
        case .tab, .right, .down: return .selectRelative(1)
        case .backTab, .left, .up: return .selectRelative(-1)
        case .character(let digit) where digit.isASCII && digit.isNumber && digit != "0":
            let index = digit.wholeNumberValue! - 1
            return index < context.nodeCount ? .select(NodeID(index)) : nil
        case .character("k"): return .cluster(.kill(.node(selected)))
        case .character("K"): return .cluster(.kill(.leader))
        case .character("r"): return .cluster(.restart(selected))
        case .character("z"): return .cluster(context.selectedStatus == .frozen ? .unfreeze(selected) : .freeze(selected))
        case .character("p"): return .cluster(.isolate(selected))
        // The selected node's datacenter against the rest: an ordinary partition, recorded as one.
        case .character("D"): return context.selectedDatacenter.map { .cluster(.partition([$0])) }
        case .character("P"): return .beginPartition
        case .character("h"): return .cluster(.heal)
        case .character("c"): return .beginRequest
        case .character("t"): return .cluster(.timeout(selected))
        case .character("b"): return context.nextBehaviour.map { .cluster(.behave(selected, $0)) }
        case .character("l"): return .cycleLoss
        case .character("L"): return context.nextWorkloadOptions.map { .cluster(.workload($0)) }
        case .character("y"): return nextKey(in: context, by: 1).map { .selectKey($0) }
        case .character("Y"): return nextKey(in: context, by: -1).map { .selectKey($0) }
        case .character("e"): return .toggleEventFilter
        case .character("m"): return .toggleMessageEvents
        case .character("R"): return .toggleRecording
        case .character("?"): return .toggleHelp
        case .character("q"): return .quit
        case .escape: return .cancel
        case .click(let x, let y): return .click(x: x, y: y)
        default: return nil
        }
    }

    /// The key `delta` places after the one shown, wrapping round; nil when no node holds a key.
    static func nextKey(in context: Context, by delta: Int) -> String? {
        let keys = context.keys
        guard let shown = context.state.keyShown(among: keys), let index = keys.firstIndex(of: shown) else { return nil }
        return keys[((index + delta) % keys.count + keys.count) % keys.count]
    }

    /// Message mode: Tab and the arrows move through the messages in flight, `x` drops the selected
    /// one, Enter delivers it now, Esc (or `M`) leaves.
    private static func messageAction(for key: KeyPress) -> UIAction? {
        switch key {
        case .tab, .right, .down: return .moveMessage(1)
        case .backTab, .left, .up: return .moveMessage(-1)
        case .character("x"): return .dropSelectedMessage
        case .enter: return .deliverSelectedMessage
        case .character("."): return .step
        case .escape, .character("M"): return .cancel
        case .character("?"): return .toggleHelp
        case .character("q"): return .quit
        case .click(let x, let y): return .click(x: x, y: y)
        default: return nil
        }
    }

    /// The request prompt's fields: printable characters type, Backspace erases, Enter takes the
    /// field (empty: its default), Esc cancels.
    private static func requestFieldAction(for key: KeyPress) -> UIAction? {
        switch key {
        // Letters, digits and `-_.` only: the request is recorded as a script line, which must read back.
        case .character(let character) where character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character)):
            return .typeRequest(character)
        case .backspace: return .eraseRequest
        case .enter: return .applyRequestField
        case .escape: return .cancel
        default: return nil
        }
    }

    private static func replayAction(for key: KeyPress) -> UIAction? {
        switch key {
        case .character(","): return .stepBack
        case .character("["): return .jumpFraction(-0.1)
        case .character("]"): return .jumpFraction(0.1)
        case .character("{"): return .jumpMark(false)
        case .character("}"): return .jumpMark(true)
        case .character("g"): return .beginGoTo
        case .character("f"): return .fork
        case .character("v"): return .jumpToViolation
        default: return nil
        }
    }

    private static func goToAction(for key: KeyPress) -> UIAction? {
        switch key {
        case .character(let character) where (character.isASCII && character.isNumber) || ".smuµ".contains(character):
            return .typeGoTo(character)
        case .enter: return .applyGoTo
        case .escape: return .cancel
        default: return nil
        }
    }

    private static func partitionAction(for key: KeyPress, in context: Context) -> UIAction? {
        switch key {
        case .character(let digit) where digit.isASCII && digit.isNumber && digit != "0":
            let index = digit.wholeNumberValue! - 1
            return index < context.nodeCount ? .togglePartitionSide(NodeID(index)) : nil
        case .character(" "): return .togglePartitionSide(context.state.selected)
        case .tab, .right, .down: return .selectRelative(1)
        case .backTab, .left, .up: return .selectRelative(-1)
        case .enter: return .applyPartition
        case .escape, .character("P"): return .cancel
        case .character("q"): return .quit
        default: return nil
        }
    }

    private static func requestAction(for key: KeyPress) -> UIAction? {
        switch key {
        case .character("g"): return .request(.get)
        case .character("s"): return .request(.set)
        case .character("i"): return .request(.incr)
        case .character("a"): return .request(.cas)
        case .escape, .character("c"): return .cancel
        case .character("q"): return .quit
        default: return nil
        }
    }
}

