import QuorumCore

/// A running simulation as the UI sees it: the simulator, the UI state, and what the event stream
/// has shown recently. Keys become actions and `update` applies them; `advance` moves simulated
/// time at the chosen speed; `snapshot` captures a frame. The wall clock is passed in, never read,
/// so tests drive all of it without sleeping.
public final class LiveSession<Node: SimulatedNode & NodeDescribing>: FrameSource, SessionUpdating {
    public internal(set) var simulator: Simulator<Node>
    /// Set while replaying a recording (until forked into a live run).
    public internal(set) var replay: ReplayScript<Node>?
    var nextInput = 0
    /// Event counts at recent step boundaries (where a replay can stop), newest last.
    private var boundaries: [UInt64] = [0]
    public internal(set) var state = UIState()
    public var recording = false
    /// Why the recording could not be written, once that happened: the header says so until the
    /// end (the recorder stops the file and the program reports it on exit).
    public var recordingFailure: String?
    /// Where the run stops (`--duration`): time does not pass it, and the header says `ENDED`.
    public var stopTime: SimTime?
    private var hasEnded: Bool { stopTime.map { simulator.now >= $0 } ?? false }
    private var endedMessage: String { "the run reached its --duration of \(stopTime?.shortDescription ?? "") and stops here" }
    /// The speed reached, for the header when it falls short of the one asked for.
    private var speedMeter = SpeedMeter()
    /// Starts or stops recording (the `R` key) and returns what to tell the user; installed by the
    /// program, which knows files and formats. Nil: recording is not available.
    public var recordingToggle: (() -> String)?
    /// Runs after every `advance` (every frame, and once a second while paused): the recorder hands
    /// its waiting events to the file here, so a paused run loses nothing to a crash either.
    public var afterAdvance: (() -> Void)?
    /// Every input applied since the run began, with the step after which it came: a recorder
    /// started late re-simulates these to write the run from its start.
    public internal(set) var appliedInputs: [ReplayScript<Node>.Input] = []
    /// At most this many are kept (a person's keys, so far more than anyone presses); past it a
    /// recording can no longer start from the run's beginning, and `inputsOverflowed` says so.
    public var inputLimit = 100_000
    public private(set) var inputsOverflowed = false

    /// How much the session keeps in memory besides the simulator (the soak test watches these stay
    /// bounded): events shown in the log, step boundaries, lost messages drawn, inputs kept.
    public var retainedCounts: (events: Int, boundaries: Int, drops: Int, inputs: Int) {
        (history.count, boundaries.count, drops.count, appliedInputs.count)
    }
    /// Checks the history in the background; nil turns the checker panel off (golden tests).
    public var historyChecker: HistoryCheckWorker?
    private var lastCheckSubmittedMicros: Int64?
    /// The lesson playing on this run, if any (`quorum lesson`), and how to start its run over
    /// from the seed (for `n`/`N`, which move between chapters).
    public var lesson: LessonPlayer?
    public var lessonRestart: (() -> Simulator<Node>)?
    /// Most simulated events run per frame, so a fast speed cannot freeze the UI.
    public var eventBudgetPerFrame = 20_000

    var history: [SimEvent<Node>] = []
    private let historyCapacity = 400
    static var dropsShown: Int { 256 }
    private var drops: [(flight: FrameSnapshot.Flight, untilMicros: Int64)] = []
    var clockHighlights: ClockHighlights
    var caption: String?
    private var wallMicros: Int64 = 0
    var lastAdvanceMicros: Int64?
    private var simulatedRemainder: Int64 = 0
    private var pendingStatus: String?

    /// The run as it was when the session opened: going back in a live run re-simulates from a
    /// copy of it with the inputs applied since (the run is deterministic, so that is a seek).
    let origin: Simulator<Node>
    /// While a live run is viewed in the past: the run at the present, kept as it was, to return to
    /// (`.` and `]` reach it) unless a change from the past forks the run and drops it.
    var present: Simulator<Node>?
    /// Client requests sent from the keyboard (client, operation): their outcome is captioned
    /// when they complete.
    var watchedRequests: [(client: ClientID, operation: ClientOperation)] = []
    /// Set by a fork from the past until the next feedback, which it leads.
    var forkNote: String?

    public init(simulator: Simulator<Node>, speedIndex: Int = SpeedScale.defaultIndex, paused: Bool = false) {
        self.simulator = simulator
        origin = simulator.checkpoint()
        state.speedIndex = speedIndex
        state.paused = paused
        clockHighlights = ClockHighlights(simulator.nodes.map(\.clock))
        simulator.observers.append { [unowned self] event in self.observe(event) }
        observeInputs()
    }

    private func observeInputs() {
        simulator.inputObservers.append { [unowned self] step, time, action in
            guard appliedInputs.count < inputLimit else { return inputsOverflowed = true }
            appliedInputs.append(.init(step: step, time: time, action: action))
        }
    }

    /// A session that replays a recording by re-simulating it.
    /// `checkpointInterval`: events between checkpoints, so a seek re-simulates at most this many
    /// (plus the event log's worth before the target). `layCheckpointsInBackground`: lay them all
    /// on another thread from the start (else as the replay first passes them).
    public convenience init(replaying script: ReplayScript<Node>, speedIndex: Int = SpeedScale.defaultIndex,
                            checkpointInterval: UInt64 = 20_000, layCheckpointsInBackground: Bool = true) {
        self.init(simulator: script.makeSimulator(), speedIndex: speedIndex, paused: true)
        replay = script
        state.isReplay = true
        self.checkpointInterval = checkpointInterval
        checkpoints = [Checkpoint(events: 0, time: .zero, nextInput: 0, caption: nil, simulator: simulator.checkpoint())]
        if layCheckpointsInBackground { checkpointLayer = CheckpointLayer(script: script, interval: checkpointInterval) }
    }

    deinit { checkpointLayer?.cancel() }

    typealias Checkpoint = ReplayCheckpoint<Node>
    var checkpoints: [Checkpoint] = []
    /// Lays checkpoints on another thread from the moment the replay opens (nil: laid as the
    /// replay first passes them, as tests that count on exact positions want).
    var checkpointLayer: CheckpointLayer<Node>?

    /// True once every checkpoint of the recording is laid (benchmarks wait for it).
    public var checkpointsComplete: Bool {
        takeLaidCheckpoints()
        return checkpointLayer?.isDone ?? false
    }

    /// Adds the checkpoints the background pass has laid since the last look.
    private func takeLaidCheckpoints() {
        guard let fresh = checkpointLayer?.take(), !fresh.isEmpty else { return }
        checkpoints = (checkpoints + fresh).sorted { $0.events < $1.events }
    }
    public private(set) var checkpointInterval: UInt64 = 20_000

    // MARK: - Replay

    /// Runs one queue item, first applying any recorded input due after the steps so far.
    private func stepOnce() -> Bool {
        if let replay {
            simulator.performInputsDue(replay.inputs, next: &nextInput) { appliedInputs.append($0) }
            if simulator.eventCount >= replay.totalEvents {
                state.paused = true
                return false
            }
        }
        let stepped = simulator.step()
        if stepped { noteBoundary() }
        if replay != nil, checkpointLayer == nil, simulator.eventCount >= (checkpoints.last?.events ?? 0) + checkpointInterval {
            checkpoints.append(Checkpoint(events: simulator.eventCount, time: simulator.now, nextInput: nextInput, caption: caption,
                                          simulator: simulator.checkpoint()))
        }
        return stepped
    }

    /// Back to the previous step boundary (one step emits one or more events).
    func stepBackward() {
        if replay == nil { guard enterPast() else { return } }
        guard simulator.eventCount > 0 else { return }
        takeLaidCheckpoints()
        let current = simulator.eventCount
        if let previous = boundaries.last(where: { $0 < current }) { return seek(toEvent: previous) }
        // The previous boundary is before the checkpoint this position was reached from: walk up
        // to here again from an earlier one, noting the boundaries, then go to the last of them.
        restore(checkpoints.last { $0.events < current } ?? checkpoints[0])
        while simulator.eventCount < current, stepOnce() {}
        seek(toEvent: boundaries.last { $0 < current } ?? 0)
    }

    /// Keeps the step boundaries a backward step needs (replays and the past of a live run).
    func noteBoundary() {
        if boundaries.last != simulator.eventCount {
            boundaries.append(simulator.eventCount)
            if boundaries.count > 4_096 { boundaries.removeFirst(2_048) }
        }
    }

    /// Moves a replay to the first step boundary at or after `target` events (0: the start),
    /// re-simulating from the nearest checkpoint before it when that is closer than here.
    public func seek(toEvent target: UInt64) {
        guard let replay else { return }
        takeLaidCheckpoints()
        let goal = min(target, replay.totalEvents)
        let logRoom = UInt64(historyCapacity)
        if let nearest = checkpoints.last(where: { $0.events + logRoom <= goal }) ?? checkpoints.first,
           goal < simulator.eventCount || nearest.events > simulator.eventCount {
            restore(nearest)
        }
        while simulator.eventCount < goal, stepOnce() {}
        lastAdvanceMicros = nil
    }

    /// Continues from a copy of a checkpoint (the checkpoint itself stays as it was).
    func restore(_ checkpoint: Checkpoint) {
        guard let replay else { return }
        simulator = checkpoint.simulator.checkpoint()
        simulator.observers.append { [unowned self] event in self.observe(event) }
        observeInputs()
        nextInput = checkpoint.nextInput
        appliedInputs = Array(replay.inputs[0..<nextInput])
        boundaries = [checkpoint.events]
        history.removeAll()
        drops.removeAll()
        caption = checkpoint.caption
        clockHighlights.reset(simulator.nodes.map(\.clock))
    }

    /// Moves a replay to the first event at or after `time`.
    public func seek(toTime time: SimTime) {
        guard replay != nil else { return }
        takeLaidCheckpoints()
        if let nearest = checkpoints.last(where: { $0.time < time }) ?? checkpoints.first,
           time < simulator.now || nearest.time > simulator.now {
            restore(nearest)
        }
        while let next = simulator.nextEventTime, next <= time, stepOnce() {}
        if simulator.now < time, simulator.nextEventTime.map({ $0 > time }) ?? true { simulator.advanceClock(to: time) }
        lastAdvanceMicros = nil
    }

    func jumpToMark(forward: Bool) {
        guard let replay else { return }
        let found = ReplayNavigation.jump(in: replay.marks, from: simulator.eventCount, forward: forward) { mark in
            seek(toEvent: mark.event + 1)
            return simulator.eventCount
        }
        guard let mark = found else { return say(ReplayNavigation.noMark(forward: forward)) }
        say(ReplayNavigation.arrived(at: mark))
    }

    /// Goes to just before the first operation that cannot be linearized was invoked, so that
    /// stepping forward shows it happen.
    func jumpToViolation() {
        guard let replay else { return }
        guard let violation = replay.violation else { return say(ReplayNavigation.noViolation) }
        seek(toTime: ReplayNavigation.timeBefore(violation))
        state.paused = true
        say(ReplayNavigation.arrived(at: violation))
    }

    /// Leaves the recording: from here on the run is live and keys change it.
    func fork() {
        guard replay != nil else { return }
        replay = nil
        checkpointLayer?.cancel()
        checkpointLayer = nil
        state.isReplay = false
        say("forked: the run is live from \(simulator.now.shortDescription); keys now change it")
    }

    // MARK: - Events

    /// The first event where the re-simulated replay differs from the recording, if it does.
    public private(set) var divergedAt: UInt64?
    /// Builds the replay drawn from the recording alone, (events so far, UI state) -> source; the
    /// terminal loop switches to it as soon as this replay diverges.
    public var divergenceHandler: ((UInt64, UIState) -> FrameSource?)?

    public var nodeCount: Int { simulator.nodeCount }

    public func takeSuccessor() -> FrameSource? {
        guard replay != nil, divergedAt != nil, let handler = divergenceHandler else { return nil }
        divergenceHandler = nil
        return handler(simulator.eventCount, state)
    }

    private func observe(_ event: SimEvent<Node>) {
        if divergedAt == nil, let replay, let recorded = replay.recordedText?(event.index), recorded != event.kind.description {
            divergedAt = event.index
            say("this Quorum re-simulates the recording differently from event \(event.index) on: what follows is not what was recorded")
        }
        history.append(event)
        if history.count > historyCapacity * 2 { history.removeFirst(history.count - historyCapacity) }
        switch event.kind {
        case .dropped(let envelope, _):
            let flight = FrameSnapshot.Flight(from: envelope.from, to: envelope.to, progress: 0.8, category: envelope.payload.category,
                                              styleKey: envelope.payload.styleKey)
            drops.append((flight, wallMicros + 700_000))
            // At high speed thousands die within the 0.7 s each is drawn: keep the newest.
            if drops.count > LiveSession.dropsShown * 2 { drops.removeFirst(drops.count - LiveSession.dropsShown) }
        case .caption(let text):
            caption = text
            lesson?.noteCaption(text, wallMicros: wallMicros)
            state.status = nil  // the newest line wins: a lesson's caption replaces older feedback
        case .completed(let entry):
            noteCompletion(entry)
        case .annotated(let node, let annotation):
            if case .role(let name, let term, let leads) = annotation.kind, leads {
                pendingStatus = "\(node) became \(name) in term \(term)"
            }
        default:
            break
        }
    }

    // MARK: - Input

    public func keyContext() -> KeyMap.Context {
        let node = simulator.nodes[state.selected.index]
        let behaviours = Node.behaviours
        let next = behaviours[((behaviours.firstIndex(of: simulator.behaviours[state.selected.index]) ?? 0) + 1) % behaviours.count]
        let datacenter = simulator.config.datacenters.flatMap { groups in
            groups.groups.count > 1 ? groups.groups[groups.groupOf[state.selected.index]].nodes : nil
        }
        return KeyMap.Context(state: state, nodeCount: simulator.nodeCount, selectedStatus: node.status, nextBehaviour: next,
                              selectedDatacenter: datacenter,
                              nextWorkloadOptions: KeyMap.Context.next(after: simulator.workloadOptions, in: Node.workloadOptionCycle),
                              keys: FrameSnapshot.ringKeys(simulator.nodes.map { $0.state.describe(logTail: 1) }))
    }

    /// Applies a key; returns false if it meant nothing here.
    @discardableResult
    public func handle(_ key: KeyPress, layout: Layout? = nil) -> Bool {
        if lesson != nil, !state.helpVisible, state.mode == .normal, let handled = handleLessonKey(key) { return handled }
        guard let action = KeyMap.action(for: key, in: keyContext()) else { return false }
        update(action, layout: layout)
        return true
    }

    /// The one update function (`SessionUpdating.apply`, shared with the drawn replay).
    public func update(_ action: UIAction, layout: Layout? = nil) {
        apply(action, layout: layout)
    }

    // MARK: - Input (what differs from the drawn replay; the rest is in `SessionUpdating`)

    func restartPacing() { lastAdvanceMicros = nil }

    func jump(byFraction fraction: Double) {
        guard let replay else { return }
        let span = Int64(Double(replay.endTime.micros) * fraction)
        seek(toTime: SimTime(micros: max(0, min(replay.endTime.micros, simulator.now.micros + span))))
    }

    func applyLiveAction(_ action: UIAction, layout: Layout?) {
        // In a replay, refused at once: before a prompt or editor opens for a change that cannot be made.
        if replay != nil, action.changesTheCluster {
            guard present != nil else { return say(Self.replayRefusal) }
            forkFromPast()
        }
        defer { if forkNote != nil { say("") } }  // an action that said nothing still tells of the fork
        switch action {
        case .cluster(let clusterAction):
            let feedback = simulator.noEffect(of: clusterAction) ?? clusterAction.description
            simulator.performInteractive(clusterAction)
            say(feedback)
        case .beginPartition:
            state.mode = .partition(sideB: UIState.sidesAsApplied(NodeID.all(count: simulator.nodeCount).map { $0 == state.selected }))
        case .togglePartitionSide(let node):
            if case .partition(var sideB) = state.mode {
                sideB[node.index].toggle()
                state.mode = .partition(sideB: UIState.sidesAsApplied(sideB))
            }
        case .applyPartition: applyPartition()
        case .beginRequest: state.mode = .request
        case .request(let kind): state.mode = .requestField(kind: kind, key: nil, text: "")
        case .typeRequest(let character):
            if case .requestField(let kind, let key, let text) = state.mode, text.count < 24 {
                state.mode = .requestField(kind: kind, key: key, text: text + String(character))
            }
        case .eraseRequest:
            if case .requestField(let kind, let key, let text) = state.mode { state.mode = .requestField(kind: kind, key: key, text: String(text.dropLast())) }
        case .applyRequestField: applyRequestField()
        case .jumpTime(let micros): jumpTime(byMicros: micros)
        case .beginMessages: beginMessages()
        case .moveMessage(let delta): moveMessage(by: delta)
        case .dropSelectedMessage: steerSelectedMessage(deliver: false)
        case .deliverSelectedMessage: steerSelectedMessage(deliver: true)
        case .cycleLoss:
            state.lossLevel = (state.lossLevel + 1) % UIState.lossLevels.count
            update(.cluster(.setLoss(UIState.lossLevels[state.lossLevel])))
        case .click(let x, let y): select(atX: x, y: y, layout: layout)
        case .toggleRecording:
            if present != nil { return say("this is the run's past: ] goes back to the present, a change forks the run; then R records") }
            if replay != nil { return say("this is a replay: press f to fork a live run, then R records it") }
            say(recordingToggle?() ?? "recording is not available here")
        default: preconditionFailure("\(action) is not a live action: SessionUpdating.apply applies it")
        }
    }

    /// Takes over how another source was being viewed: selection, speed, pause and filters.
    public func adopt(_ other: UIState) {
        state.selected = NodeID(min(other.selected.index, simulator.nodeCount - 1))
        state.speedIndex = other.speedIndex
        state.paused = other.paused
        state.eventsOfSelectedOnly = other.eventsOfSelectedOnly
        state.showMessageEvents = other.showMessageEvents
        state.showsDiagram = other.showsDiagram
    }

    private func applyPartition() {
        guard case .partition(let sideB) = state.mode else { return }
        state.mode = .normal
        let sides = [false, true].map { side in NodeID.all(count: simulator.nodeCount).filter { sideB[$0.index] == side } }
        if sides.contains(where: \.isEmpty) {
            update(.cluster(.heal))
        } else {
            update(.cluster(.partition(sides)))
        }
    }

    private func select(atX x: Int, y: Int, layout: Layout?) {
        guard let layout, layout.cluster.contains(x: x, y: y) else { return }
        // One frame and one card layout for both questions: a message there, else a node.
        let frame = snapshot()
        let cards = CardLayout.make(snapshot: frame, area: layout.cluster)
        if selectMessage(atX: x, y: y, snapshot: frame, cards: cards, area: layout.cluster) { return }
        if let node = cards.node(atX: x, y: y) { state.selected = node }
    }

    /// Runs scheduled work until at least one event is emitted (or nothing is left).
    func stepOneEvent() {
        if let stopTime, simulator.nextEventTime.map({ $0 > stopTime }) ?? true { return say(endedMessage) }
        let before = simulator.eventCount
        while simulator.eventCount == before, stepOnce() {}
        lastAdvanceMicros = nil
        sayStepped(since: before)
        arriveAtPresentIfThere()
    }

    /// What the step just executed, on the caption line (message traffic included even when the
    /// event log hides it): the first event, and how many more the step emitted.
    private func sayStepped(since before: UInt64) {
        let emitted = history.filter { $0.index >= before }
        guard let first = emitted.first else { return }
        let more = emitted.count > 1 ? "  (+\(emitted.count - 1) more)" : ""
        say("step \(first.time.shortDescription): \(first.kind.description)\(more)")
    }

    /// Shows a message on the caption line for a while (the program's own feedback, e.g. a
    /// recording's progress).
    public func tell(_ message: String) { say(message) }

    func say(_ message: String) {
        var message = message
        if let note = forkNote {  // the fork is news the first thing said after it carries
            forkNote = nil
            message = message.isEmpty ? note : note + " · " + message
        }
        pendingStatus = nil  // what is said now is newer than what events left pending
        state.status = DisplayWidth.sanitize(message)
        state.statusUntilMicros = wallMicros + 2_500_000
    }

    // MARK: - Time

    /// Moves simulated time forward by the wall time since the last call, times the speed.
    public func advance(wallMicros now: Int64) {
        wallMicros = now
        defer {
            lastAdvanceMicros = now
            afterAdvance?()
            trackClockChanges()
            submitHistoryCheck()
            if let pendingStatus {
                say(pendingStatus)
                self.pendingStatus = nil
            }
        }
        guard !state.paused, let last = lastAdvanceMicros else { return speedMeter.reset() }
        defer {
            if state.paused { speedMeter.reset() }  // a replay that reached its end
            else { speedMeter.note(wallMicros: now, simulatedMicros: simulator.now.micros, speedIndex: state.speedIndex) }
        }
        var target = simulator.now.adding(micros: SpeedScale.simulatedMicros(wall: now - last, speedIndex: state.speedIndex,
                                                                             remainder: &simulatedRemainder))
        if let stopTime { target = min(target, stopTime) }
        if let limit = lesson?.limit(after: simulator.now, wallMicros: now), limit < target {
            target = max(simulator.now, limit)
            speedMeter.reset()  // waiting for the class to read is not a slow simulation
        }
        defer {
            lesson?.fire(simulator, state: &state, wallMicros: now)
            if hasEnded {
                state.paused = true
                say(endedMessage)
            }
        }
        var budget = eventBudgetPerFrame
        while budget > 0, let next = simulator.nextEventTime, next <= target, stepOnce() {
            budget -= 1
        }
        if let present, simulator.eventCount >= present.eventCount {  // the past ran into the present: on it runs
            arriveAtPresentIfThere()
            state.paused = false
            return
        }
        if budget > 0, !state.paused, replay.map({ simulator.eventCount < $0.totalEvents }) ?? true, simulator.nextEventTime.map({ $0 > target }) ?? true {
            simulator.run(until: target)
        }
    }

    /// At most once a second, hands the history to the background checker.
    private func submitHistoryCheck() {
        guard let historyChecker, lastCheckSubmittedMicros.map({ wallMicros - $0 >= 1_000_000 }) ?? true else { return }
        lastCheckSubmittedMicros = wallMicros
        historyChecker.submit(simulator.history)
    }

    private func trackClockChanges() {
        clockHighlights.note(simulator.nodes.map(\.clock), nowMicros: simulator.now.micros)
    }

    /// True while the simulation moves or something on screen is still animating.
    public var isAnimating: Bool { !state.paused || !drops.isEmpty || state.status != nil }

    // MARK: - Frames

    public func snapshot(glyphs: Glyphs = .unicode, logTail: Int = 64) -> FrameSnapshot {
        drops.removeAll { $0.untilMicros <= wallMicros }
        if let _ = state.status, state.statusUntilMicros <= wallMicros { state.status = nil }
        state.eventScroll = min(state.eventScroll, scrollableEventLines)
        let now = simulator.now
        let nodes = simulator.nodes.map { slot in nodeView(slot, now: now, logTail: logTail) }
        var selectedMessage: UInt64?
        if case .messages(let id) = state.mode { selectedMessage = id }
        let flights = simulator.messagesInFlight.map { envelope in
            let span = Double(max(1, envelope.deliverAt.micros - envelope.sentAt.micros))
            let progress = min(1, max(0, Double(now.micros - envelope.sentAt.micros) / span))
            return FrameSnapshot.Flight(from: envelope.from, to: envelope.to, progress: progress, category: envelope.payload.category,
                                        styleKey: envelope.payload.styleKey, id: envelope.id, isSelected: envelope.id == selectedMessage)
        }
        let (captionLine, isPrompt) = captionText()
        var frame = FrameSnapshot(
            protocolName: Node.protocolName, seed: simulator.config.seed, now: now,
            speedLabel: speedMeter.label(speedIndex: state.speedIndex), paused: state.paused, recording: recording,
            nodes: nodes, flights: flights, drops: drops.map(\.flight),
            sides: simulator.topology.isPartitioned ? simulator.topology.sides : nil,
            cuts: simulator.topology.cutLinks, network: simulator.network, events: eventLines(),
            eventsFilter: state.eventsOfSelectedOnly ? state.selected.description : nil,
            clockChanged: clockHighlights.changed(nowMicros: now.micros), state: state,
            captionLine: captionLine, captionIsPrompt: isPrompt, leader: simulator.leader, glyphs: glyphs,
            checker: historyChecker?.latest,
            timeline: replay.map { FrameSnapshot.Timeline(end: $0.endTime, marks: $0.marks.map { ($0.time, $0.label) }, diverged: divergedAt != nil) },
            recordingFailure: recordingFailure, electsLeaders: Node.electsLeaders, ended: hasEnded,
            datacenters: simulator.config.datacenters)
        frame.lesson = lesson?.band(status: isPrompt ? captionLine : nil)
        frame.selectedMessage = messageDetail()
        frame.presentTime = present?.now
        frame.eventsScrolledBack = state.eventScroll
        if state.showsDiagram { frame.diagram = diagramRows() }
        frame.workloadLabel = Node.workloadLabel(simulator.workloadOptions, config: simulator.config.node)
        frame.safetyViolation = Node.safetyViolation(simulator.nodes.lazy.map(\.state), faulty: simulator.everMisbehaved)
        return frame
    }

    private func nodeView(_ slot: NodeSlot<Node>, now: SimTime, logTail: Int) -> FrameSnapshot.NodeView {
        let timer = slot.timer(Node.primaryTimer)
        var fraction: Double?
        var remaining: Int64?
        if let timer, slot.status != .crashed {
            let span = Double(max(1, timer.fireAt.micros - timer.setAt.micros))
            fraction = min(1, max(0, Double(now.micros - timer.setAt.micros) / span))
            remaining = max(0, timer.fireAt.micros - now.micros)
        }
        return FrameSnapshot.NodeView(
            id: slot.id, status: slot.status, description: slot.state.describe(logTail: logTail),
            timerFraction: fraction, timerName: Node.primaryTimer.description, timerRemainingMicros: remaining,
            clock: slot.clock, lamport: slot.lamport, behaviour: simulator.behaviours[slot.id.index])
    }

    private func captionText() -> (String?, Bool) {
        switch state.mode {
        case .partition(let sideB):
            let sides = [false, true].map { side in
                NodeID.all(count: simulator.nodeCount).filter { sideB[$0.index] == side }.map(\.description).joined(separator: " ")
            }
            return ("PARTITION  \(sides[0]) | \(sides[1])   1-9 move a node to the other side · Enter applies · Esc cancels", true)
        case .request:
            return ("REQUEST to \(state.selected)   g get x · s set x · i incr counter · a cas x · Esc cancels", true)
        case .goTo(let text):
            return ("GO TO time: \(text)_   (12.5 is seconds; 300ms, 1m; Enter goes, Esc cancels)", true)
        case .requestField(let kind, let key, let text):
            return (requestPrompt(kind, key: key, text: text), true)
        case .messages(let id):
            if let status = state.status { return (status, true) }
            let count = simulator.inFlight.count  // the count only: no need to sort them
            return ("MESSAGES m\(id) (\(count) in flight)  Tab pick · x drop · Enter deliver now · Esc leaves", true)
        case .normal:
            if let status = state.status { return (status, true) }
            return (caption.map(DisplayWidth.sanitize), false)
        }
    }

    /// Most lines the event log can be scrolled back by (what the session keeps, less a screenful).
    var scrollableEventLines: Int { max(0, history.count - 20) }

    private func eventLines() -> [FrameSnapshot.EventLine] {
        var lines: [FrameSnapshot.EventLine] = []
        var skipped = 0
        let skip = min(state.eventScroll, scrollableEventLines)
        for event in history.reversed() {
            guard lines.count < 60 else { break }
            guard let style = EventClassifier.style(event.kind, showMessages: state.showMessageEvents) else { continue }
            if state.eventsOfSelectedOnly, !EventClassifier.involves(event.kind, state.selected) { continue }
            if skipped < skip {  // scrolled back: the newest lines are below the view
                skipped += 1
                continue
            }
            lines.append(FrameSnapshot.EventLine(time: event.time, text: DisplayWidth.sanitize(event.kind.description), style: style))
        }
        return lines.reversed()
    }

    // MARK: - Lesson

    /// The room layout (`quorum lesson --projector`).
    public var projector: Bool {
        get { state.projector }
        set { state.projector = newValue }
    }

    /// A lesson's keys: 1-9 answer an open question (nothing else moves it on but q and ?);
    /// n and N move to the next and previous chapter. Nil: the key is not the lesson's.
    private func handleLessonKey(_ key: KeyPress) -> Bool? {
        guard var player = lesson else { return nil }
        if player.isWaitingForAnswer, key != .character("n"), key != .character("N") {
            if case .character(let digit) = key, let number = digit.wholeNumberValue, number >= 1 {
                let taken = player.answer(number - 1, state: &state)
                lesson = player
                restartPacing()
                return taken
            }
            if key == .character("q") || key == .character("?") { return nil }
            say("a question is open: answer with its number")
            return true
        }
        switch key {
        case .character("n"): jumpToChapter(forward: true)
        case .character("N"): jumpToChapter(forward: false)
        default: return nil
        }
        return true
    }

    /// Starts the run over from the seed and goes to the start of a chapter (cues before it are
    /// passed over), as a replay seeks: the same seed gives the same run.
    func jumpToChapter(forward: Bool) {
        guard var player = lesson, let restart = lessonRestart else { return say("this run has no chapters") }
        guard let index = player.chapter(forward: forward, from: simulator.now) else {
            return say(forward ? "this is the last chapter" : "no chapter before this one")
        }
        if recording { return say("stop recording (R) first: a chapter starts the run over") }
        player.restart(atChapter: index)
        lesson = player
        simulator = restart()
        simulator.observers.append { [unowned self] event in self.observe(event) }
        observeInputs()
        appliedInputs.removeAll()
        boundaries = [0]
        history.removeAll()
        drops.removeAll()
        caption = nil
        let start = player.chapters[index].at
        if start.micros > 0 { simulator.run(until: SimTime(micros: start.micros - 1)) }
        lesson?.settleAfterJump()
        state.showsDiagram = player.showsDiagram
        clockHighlights.reset(simulator.nodes.map(\.clock))
        state.paused = false
        restartPacing()
        say("chapter \(index + 1): \(DisplayWidth.sanitize(player.chapters[index].name))")
    }
}
