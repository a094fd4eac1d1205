import QuorumCore
import QuorumRecording

/// A replay drawn from the recording alone (`RecordedWorld`): used when this Quorum re-simulates
/// the recording differently from how it was recorded (its protocol code changed), so the screen
/// still shows what happened then. Time travel works as in a re-simulated replay; a fork needs the
/// protocol code, so it works only before the first event that differs.
public final class RecordedSession: FrameSource, SessionUpdating {
    public struct Setup {
        public var recording: Recording
        public var marks: [ReplayMark]
        public var violation: (time: SimTime, label: String)?
        /// The recorded client history (operations with their recorded outcomes).
        public var history: [HistoryEntry]
        /// The primary timer's name (e.g. "election"), from the recording's header.
        public var timerName: String
        /// The first event this Quorum re-simulates differently: forks work before it.
        public var divergedAt: UInt64

        public init(recording: Recording, marks: [ReplayMark], violation: (time: SimTime, label: String)?,
                    history: [HistoryEntry], timerName: String, divergedAt: UInt64) {
            self.recording = recording
            self.marks = marks
            self.violation = violation
            self.history = history
            self.timerName = timerName
            self.divergedAt = divergedAt
        }
    }

    public let setup: Setup
    /// The recording's datacenters (validated when the recording was opened), for the layout.
    private lazy var datacenters: Datacenters? = {
        let header = setup.recording.header
        guard let groups = header.config["datacenters"] else { return nil }
        return try? Datacenters.parse(groups: groups, latency: header.config["datacenterLatencyMicros"] ?? "", nodeCount: header.nodeCount).get()
    }()
    private var recording: Recording { setup.recording }
    public private(set) var world: RecordedWorld
    public internal(set) var state = UIState()
    public var historyChecker: HistoryCheckWorker?
    /// Re-simulates the run up to an event and continues it live (the `f` key).
    public var forkHandler: ((UInt64, UIState) -> FrameSource?)?
    private var successor: FrameSource?
    /// The world every `checkpointInterval` events, laid as the replay first passes them.
    private var checkpoints: [RecordedWorld]
    public var checkpointInterval = 2_000
    public var eventBudgetPerFrame = 20_000
    private var displayMicros: Int64 = 0
    private var drops: [(flight: FrameSnapshot.Flight, untilMicros: Int64)] = []
    private var clockHighlights: ClockHighlights
    private var wallMicros: Int64 = 0
    private var lastAdvanceMicros: Int64?
    private var simulatedRemainder: Int64 = 0
    private var lastCheckSubmittedMicros: Int64?
    private let network: NetworkSettings

    public init(_ setup: Setup, state: UIState, at position: UInt64) {
        self.setup = setup
        let header = setup.recording.header
        let config = header.config
        let loss = Probability(perMillion: config["lossPerMillion"].flatMap { Int($0) } ?? 0)
        network = NetworkSettings(latencyMinMicros: config["latencyMinMicros"].flatMap { Int64($0) } ?? 0,
                                  latencyMaxMicros: config["latencyMaxMicros"].flatMap { Int64($0) } ?? 0, loss: loss)
        var world = RecordedWorld(nodeCount: header.nodeCount, loss: loss)
        world.applyStates(setup.recording.states)
        self.world = world
        checkpoints = [world]
        clockHighlights = ClockHighlights(world.nodes.map(\.clock))
        self.state = state
        self.state.isReplay = true
        self.state.mode = .normal
        seek(toEvent: position)
        pendingStatus = "drawn from the recording: this Quorum simulates it differently from event \(setup.divergedAt)"
    }

    /// Said at the first frame (the wall clock is not known before).
    private var pendingStatus: String?

    public var nodeCount: Int { world.nodes.count }
    public var isAnimating: Bool { !state.paused || !drops.isEmpty || state.status != nil }
    public var position: UInt64 { UInt64(world.position) }

    public func takeSuccessor() -> FrameSource? {
        defer { successor = nil }
        return successor
    }

    // MARK: - Moving in time

    /// Applies the next recorded event; false at the end.
    @discardableResult
    private func stepForward(animate: Bool = false) -> Bool {
        guard world.position < recording.events.count else {
            state.paused = true
            return false
        }
        let event = recording.events[world.position]
        if animate, event.kind == "drop", let id = event.messageID, let flight = world.flights[id] {
            drops.append((FrameSnapshot.Flight(from: flight.from, to: flight.to, progress: 0.8, category: flight.category, styleKey: flight.styleKey),
                           wallMicros + 700_000))
        }
        world.apply(event, states: recording.states)
        displayMicros = event.timeMicros
        if world.position % checkpointInterval == 0, world.position / checkpointInterval == checkpoints.count { checkpoints.append(world) }
        if animate, event.kind == "role", event.detail == "leads" { say(DisplayWidth.sanitize(event.text)) }
        return true
    }

    public func seek(toEvent target: UInt64) {
        let goal = Int(min(target, UInt64(recording.events.count)))
        let nearest = checkpoints[min(goal / checkpointInterval, checkpoints.count - 1)]
        if goal < world.position || nearest.position > world.position { world = nearest }
        while world.position < goal, stepForward() {}
        displayMicros = world.position > 0 ? recording.events[world.position - 1].timeMicros : 0
        drops.removeAll()
        lastAdvanceMicros = nil
    }

    /// To the last event at or before `time`, showing `time`.
    public func seek(toTime time: SimTime) {
        var low = 0
        var high = recording.events.count
        while low < high {
            let middle = (low + high) / 2
            if recording.events[middle].timeMicros <= time.micros { low = middle + 1 } else { high = middle }
        }
        seek(toEvent: UInt64(low))
        displayMicros = max(displayMicros, min(time.micros, endMicros))
    }

    private var endMicros: Int64 { recording.events.last?.timeMicros ?? 0 }

    public func advance(wallMicros now: Int64) {
        wallMicros = now
        if let pendingStatus {
            say(pendingStatus)
            self.pendingStatus = nil
        }
        defer {
            lastAdvanceMicros = now
            trackClockChanges()
            submitHistoryCheck()
        }
        guard !state.paused, let last = lastAdvanceMicros else { return }
        let target = displayMicros + SpeedScale.simulatedMicros(wall: now - last, speedIndex: state.speedIndex, remainder: &simulatedRemainder)
        var budget = eventBudgetPerFrame
        while budget > 0, world.position < recording.events.count, recording.events[world.position].timeMicros <= target, stepForward(animate: true) {
            budget -= 1
        }
        if budget > 0 { displayMicros = min(target, max(endMicros, displayMicros)) }
        if world.position >= recording.events.count { state.paused = true }
    }

    // MARK: - Keys

    @discardableResult
    public func handle(_ key: KeyPress, layout: Layout? = nil) -> Bool {
        let context = KeyMap.Context(state: state, nodeCount: nodeCount, selectedStatus: world.nodes[state.selected.index].status)
        guard let action = KeyMap.action(for: key, in: context) else { return false }
        update(action)
        return true
    }

    /// The one update function (`SessionUpdating.apply`, shared with the live session).
    public func update(_ action: UIAction) {
        apply(action, layout: nil)
    }

    // MARK: - What differs from the live session (the rest is in `SessionUpdating`)

    func restartPacing() { lastAdvanceMicros = nil }

    func stepOneEvent() { stepForward(animate: true) }

    func stepBackward() {
        if world.position > 0 { seek(toEvent: UInt64(world.position - 1)) }
    }

    func jump(byFraction fraction: Double) {
        let span = Int64(Double(endMicros) * fraction)
        seek(toTime: SimTime(micros: max(0, min(endMicros, displayMicros + span))))
    }

    /// Nothing changes a recording: every live action is refused.
    func applyLiveAction(_ action: UIAction, layout: Layout?) {
        say(Self.replayRefusal)
    }

    func jumpToMark(forward: Bool) {
        let found = ReplayNavigation.jump(in: setup.marks, from: UInt64(position), forward: forward) { mark in
            seek(toEvent: endOfInstant(after: mark.event))
            return UInt64(position)
        }
        guard let mark = found else { return say(ReplayNavigation.noMark(forward: forward)) }
        say(ReplayNavigation.arrived(at: mark))
    }

    /// Past the last event at the same instant as event `index`: a step's events share its
    /// instant, and the states it changed are noted after its last event.
    private func endOfInstant(after index: UInt64) -> UInt64 {
        var end = Int(index) + 1
        while end < recording.events.count, recording.events[end].timeMicros == recording.events[Int(index)].timeMicros { end += 1 }
        return UInt64(end)
    }

    func jumpToViolation() {
        guard let violation = setup.violation else { return say(ReplayNavigation.noViolation) }
        seek(toTime: ReplayNavigation.timeBefore(violation))
        state.paused = true
        say(ReplayNavigation.arrived(at: violation))
    }

    func fork() {
        guard position <= setup.divergedAt else {
            return say("no fork after event \(setup.divergedAt): this Quorum simulates the run differently from there")
        }
        guard let live = forkHandler?(position, state) else { return say("fork is not available here") }
        successor = live
    }

    func say(_ message: String) {
        state.status = DisplayWidth.sanitize(message)
        state.statusUntilMicros = wallMicros + 3_000_000
    }

    // MARK: - Frames

    private func trackClockChanges() {
        clockHighlights.note(world.nodes.map(\.clock), nowMicros: world.nowMicros)
    }

    /// At most once a second: the recorded history as of now, to the background checker.
    private func submitHistoryCheck() {
        guard let historyChecker, lastCheckSubmittedMicros.map({ wallMicros - $0 >= 1_000_000 }) ?? true else { return }
        lastCheckSubmittedMicros = wallMicros
        let now = SimTime(micros: displayMicros)
        historyChecker.submit(setup.history.filter { $0.invokedAt <= now }.map { entry in
            guard let completed = entry.completedAt, completed > now else { return entry }
            var pending = entry
            pending.completedAt = nil
            pending.outcome = .pending
            return pending
        })
    }

    public func snapshot(glyphs: Glyphs = .unicode, logTail: Int = 64) -> FrameSnapshot {
        drops.removeAll { $0.untilMicros <= wallMicros }
        if state.status != nil, state.statusUntilMicros <= wallMicros { state.status = nil }
        let header = recording.header
        var network = self.network
        network.loss = world.loss
        let caption: (String?, Bool) = state.status.map { ($0, true) } ?? prompt() ?? (world.caption.map(DisplayWidth.sanitize), false)
        return FrameSnapshot(
            protocolName: header.protocolName, seed: header.seed, now: SimTime(micros: displayMicros),
            speedLabel: SpeedScale.label(state.speedIndex), paused: state.paused, recording: false,
            nodes: world.nodes.indices.map { nodeView($0) }, flights: flights(), drops: drops.map(\.flight), sides: world.sides,
            cuts: world.cuts, network: network, events: eventLines(),
            eventsFilter: state.eventsOfSelectedOnly ? state.selected.description : nil,
            clockChanged: clockHighlights.changed(nowMicros: world.nowMicros), state: state,
            captionLine: caption.0, captionIsPrompt: caption.1, leader: world.leader, glyphs: glyphs, checker: historyChecker?.latest,
            timeline: FrameSnapshot.Timeline(end: SimTime(micros: endMicros), marks: setup.marks.map { ($0.time, $0.label) }, diverged: true,
                                             drawnFromRecording: true),
            datacenters: datacenters)
    }

    private func prompt() -> (String?, Bool)? {
        guard case .goTo(let text) = state.mode else { return nil }
        return ("GO TO time: \(text)_   (12.5 is seconds; 300ms, 1m; Enter goes, Esc cancels)", true)
    }

    private func nodeView(_ index: Int) -> FrameSnapshot.NodeView {
        let node = world.nodes[index]
        var fraction: Double?
        var remaining: Int64?
        if let set = node.timerSetAtMicros, let fire = node.timerFireAtMicros, node.status != .crashed {
            fraction = min(1, max(0, Double(displayMicros - set) / Double(max(1, fire - set))))
            remaining = max(0, fire - displayMicros)
        }
        var description = node.description
        description.details = description.details.map { ($0.label, DisplayWidth.sanitize($0.value)) }
        return FrameSnapshot.NodeView(id: NodeID(index), status: node.status, description: description, timerFraction: fraction,
                                      timerName: setup.timerName, timerRemainingMicros: remaining, clock: node.clock, lamport: node.lamport,
                                      behaviour: world.behaviours[index])
    }

    private func flights() -> [FrameSnapshot.Flight] {
        world.flights.sorted { $0.key < $1.key }.map { _, flight in
            let span = Double(max(1, flight.arrivalMicros - flight.sentAtMicros))
            let progress = min(1, max(0, Double(displayMicros - flight.sentAtMicros) / span))
            return FrameSnapshot.Flight(from: flight.from, to: flight.to, progress: progress, category: flight.category, styleKey: flight.styleKey)
        }
    }

    /// The primary timer, if the recording says its firing is news (format 2 headers do).
    private var notableTimer: String? {
        recording.header.config["primaryTimerIsNotable"] == "true" ? setup.timerName : nil
    }

    private func eventLines() -> [FrameSnapshot.EventLine] {
        var lines: [FrameSnapshot.EventLine] = []
        var index = world.position - 1
        while index >= 0, lines.count < 60, world.position - index <= 2_000 {
            let event = recording.events[index]
            index -= 1
            guard let style = RecordedEventStyle.style(event, showMessages: state.showMessageEvents, notableTimer: notableTimer) else { continue }
            if state.eventsOfSelectedOnly, !RecordedEventStyle.involves(event, state.selected) { continue }
            lines.append(FrameSnapshot.EventLine(time: SimTime(micros: event.timeMicros), text: DisplayWidth.sanitize(event.text), style: style))
        }
        return lines.reversed()
    }
}
