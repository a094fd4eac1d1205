import QuorumCore

/// The one update function of the UI's sessions. A `LiveSession` (a live run, or a replay that
/// re-simulates a recording) and a `RecordedSession` (a replay drawn from the recording alone)
/// both apply every action through `apply(_:layout:)`: the transitions of the UI state they share
/// are written here once, and each session supplies only what differs between them, through
/// these requirements: moving in time, forking, and the actions that change the cluster.
protocol SessionUpdating: AnyObject {
    var state: UIState { get set }
    var nodeCount: Int { get }
    /// Shows feedback on the caption line for a while.
    func say(_ message: String)
    /// Forgets when time last advanced, so that time resumes from the next frame instead of
    /// catching up on the wall time spent paused.
    func restartPacing()
    /// Forward by one event (the `.` key while paused).
    func stepOneEvent()
    /// Back by one event, if any (replay).
    func stepBackward()
    /// Forward (positive) or back by a fraction of the recording's length (replay).
    func jump(byFraction fraction: Double)
    /// To the next or previous notable event (replay).
    func jumpToMark(forward: Bool)
    /// To the first event at or after `time` (replay).
    func seek(toTime time: SimTime)
    /// Continues a replay live from here.
    func fork()
    /// To just before the first operation that cannot be linearized (replay).
    func jumpToViolation()
    /// The actions a live run applies and a replay refuses (`replayRefusal`): those that change
    /// the cluster or prepare a change (partition editor, requests, loss), clicks, and recording.
    func applyLiveAction(_ action: UIAction, layout: Layout?)
}

extension SessionUpdating {
    /// What a replay says to a key that would change the cluster.
    static var replayRefusal: String { "this is a replay: press f to fork a live run from here, then keys change it" }

    /// Applies one action: the shared transitions here, the rest through the session.
    func apply(_ action: UIAction, layout: Layout?) {
        switch action {
        case .togglePause:
            state.paused.toggle()
            restartPacing()
        case .step:
            if state.paused { stepOneEvent() } else { say("step works while paused (space)") }
        case .stepBack: stepBackward()
        case .jumpFraction(let fraction): jump(byFraction: fraction)
        case .jumpMark(let forward): jumpToMark(forward: forward)
        case .beginGoTo: state.mode = .goTo(text: "")
        case .typeGoTo(let character):
            if case .goTo(let text) = state.mode { state.mode = .goTo(text: text + String(character)) }
        case .applyGoTo: applyGoTo()
        case .fork: fork()
        case .jumpToViolation: jumpToViolation()
        case .faster: state.speedIndex = min(state.speedIndex + 1, SpeedScale.steps.count - 1)
        case .slower: state.speedIndex = max(state.speedIndex - 1, 0)
        case .select(let node): state.selected = node
        case .selectRelative(let delta): state.selected = NodeID((state.selected.index + delta + nodeCount) % nodeCount)
        case .toggleHelp:
            // `?` opens the keys, `?` again the legend, and once more closes.
            if !state.helpVisible {
                state.helpVisible = true
                state.helpPage = 0
            } else if state.helpPage == 0 {
                state.helpPage = 1
            } else {
                state.helpVisible = false
            }
        case .cancel:
            state.mode = .normal
            state.helpVisible = false
        case .toggleEventFilter: state.eventsOfSelectedOnly.toggle()
        case .toggleMessageEvents: state.showMessageEvents.toggle()
        case .toggleDiagram: state.showsDiagram.toggle()
        case .scrollEvents(let lines): state.eventScroll = max(0, min(state.eventScroll + lines, 800))
        case .cycleZoom: state.zoom = (state.zoom + 1) % 3
        case .selectKey(let key): state.selectedKey = key
        case .quit: state.quitRequested = true
        case .cluster, .click, .cycleLoss, .beginPartition, .togglePartitionSide, .applyPartition, .beginRequest, .request, .toggleRecording,
             .jumpTime, .beginMessages, .moveMessage, .dropSelectedMessage, .deliverSelectedMessage, .typeRequest, .eraseRequest,
             .applyRequestField:
            applyLiveAction(action, layout: layout)
        }
    }

    /// Leaves the go-to prompt for the time typed, or says why it is not one.
    private func applyGoTo() {
        guard case .goTo(let text) = state.mode else { return }
        state.mode = .normal
        guard let time = UIState.goToTime(text) else { return say("'\(text)' is not a time (write 12.5 for seconds, or 300ms, 1m)") }
        seek(toTime: time)
    }
}
