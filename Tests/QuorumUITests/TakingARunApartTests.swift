import QuorumCore
import QuorumRaft
@testable import QuorumUI
import Testing

/// Message mode, going back in a live run, the request prompt, stepping captions, the event log's
/// scroll and the zoom: a run taken apart from the keyboard.
@Suite("Taking a run apart")
struct TakingARunApartTests {
    private func pausedSession(seed: UInt64 = 1, until seconds: Double = 1.5) -> LiveSession<RaftNode> {
        let session = GoldenScreen.session(seed: seed, until: seconds)
        session.handle(.character(" "))
        while session.simulator.messagesInFlight.count < 2 { session.handle(.character(".")) }
        return session
    }

    /// Every node's state as the views see it, for comparing two runs.
    private func states(_ simulator: Simulator<RaftNode>) -> [String] {
        simulator.nodes.map { slot in
            let description = slot.state.describe(logTail: 8)
            return "\(slot.status) \(description.role) \(description.details) \(description.log.count) \(description.contents)"
        }
    }

    private func selectedMessage(_ session: LiveSession<RaftNode>) -> UInt64? {
        if case .messages(let id) = session.state.mode { return id }
        return nil
    }

    // MARK: - Message mode

    @Test func messageModeWalksTheMessagesInSendingOrder() throws {
        let session = pausedSession()
        let order = session.simulator.messagesInFlight.map(\.id)
        session.handle(.character("M"))
        #expect(selectedMessage(session) == order[0])
        session.handle(.tab)
        #expect(selectedMessage(session) == order[1])
        session.handle(.left)
        session.handle(.left)
        #expect(selectedMessage(session) == order.last, "wraps around")
        session.handle(.escape)
        #expect(session.state.mode == .normal)
    }

    @Test func selectedMessageIsDescribedAndHighlighted() throws {
        let session = pausedSession()
        session.handle(.character("M"))
        let id = try #require(selectedMessage(session))
        let envelope = try #require(session.simulator.inFlight[id])
        let buffer = GoldenScreen.render(session, width: 120, height: 35)
        #expect(GoldenScreen.find("MESSAGE m\(id)", in: buffer) != nil)
        #expect(GoldenScreen.find(envelope.from.description, in: buffer) != nil)
        #expect(GoldenScreen.find("MESSAGES m\(id)", in: buffer) != nil, "the caption is the mode's prompt")
        let layout = Layout(width: 120, height: 35, nodeCount: 5)
        let highlighted = buffer.cells.indices.filter { index in
            let x = index % buffer.width, y = index / buffer.width
            return layout.cluster.contains(x: x, y: y) && buffer.cells[index].style == .selected
        }
        #expect(highlighted.count > 2, "the message and its path are drawn in the selection's style")
        session.handle(.escape)
        let plain = GoldenScreen.render(session, width: 120, height: 35)
        #expect(GoldenScreen.find("MESSAGE m\(id)", in: plain) == nil)
    }

    @Test func dropAndDeliverAreRecordedInputs() throws {
        let session = pausedSession()
        session.handle(.character("M"))
        let dropped = try #require(selectedMessage(session))
        session.handle(.character("x"))
        #expect(session.simulator.inFlight[dropped] == nil)
        #expect(session.appliedInputs.last?.action == .dropMessage(dropped))
        #expect(session.state.status?.contains("dropped m\(dropped)") == true)
        let delivered = try #require(selectedMessage(session), "the next message is selected")
        #expect(delivered > dropped)
        let eventsBefore = session.simulator.eventCount
        session.handle(.enter)
        #expect(session.appliedInputs.last?.action == .deliverMessage(delivered))
        #expect(session.simulator.inFlight[delivered] == nil)
        let texts = session.history.filter { $0.index >= eventsBefore }.map(\.kind.description)
        #expect(texts.first?.hasPrefix("recv ") == true, "\(texts)")
        #expect(session.history.contains { $0.kind.description.hasSuffix("(by hand)") })
    }

    /// The inputs a person gave, applied to a fresh run after the same steps, give the same run:
    /// what a recording's replay does.
    @Test func steeredRunReplaysExactly() throws {
        let session = pausedSession(seed: 7)
        session.handle(.character("M"))
        session.handle(.character("x"))
        session.handle(.tab)
        session.handle(.enter)
        session.handle(.escape)
        session.handle(.character(" "))
        _ = GoldenScreen.drive(session, until: 2.5)
        let config = session.simulator.config
        let fresh = Simulator<RaftNode>(config: config)
        var next = 0
        while fresh.eventCount < session.simulator.eventCount {
            fresh.performInputsDue(session.appliedInputs, next: &next)
            guard fresh.step() else { break }
        }
        #expect(session.appliedInputs.contains { if case .dropMessage = $0.action { true } else { false } })
        #expect(fresh.eventCount == session.simulator.eventCount)
        #expect(fresh.stats.messagesDropped == session.simulator.stats.messagesDropped)
        #expect(states(fresh) == states(session.simulator))
    }

    @Test func scriptsWriteDropAndDeliver() throws {
        let parser = ScenarioParser(source: "s.txt", nodeCount: 3)
        let scenario = try parser.parse("at 1s drop m17\nat 2s deliver m3")
        #expect(scenario.steps.map(\.action) == [.dropMessage(17), .deliverMessage(3)])
        #expect(scenario.steps.map(\.action.description) == ["drop m17", "deliver m3"])
        for bad in ["at 1s drop n1", "at 1s drop m", "at 1s deliver m+3", "at 1s drop m1 m2"] {
            #expect(throws: InputError.self, "\(bad)") { try parser.parse(bad) }
        }
    }

    @Test func aMessageNoLongerInFlightIsSaidSo() {
        let simulator = Simulator<RaftNode>(config: SimulationConfig(nodeCount: 3, seed: 1, node: RaftConfig()))
        var captions: [String] = []
        simulator.observers.append { if case .caption(let text) = $0.kind { captions.append(text) } }
        simulator.perform(.dropMessage(999_999))
        #expect(captions == ["drop m999999: no message m999999 in flight"])
    }

    @Test func clickingAMessageSelectsIt() throws {
        let session = pausedSession()
        let layout = Layout(width: 120, height: 35, nodeCount: 5)
        let snapshot = session.snapshot()
        let cards = CardLayout.make(snapshot: snapshot, area: layout.cluster)
        let clients = ClusterView.clientsRect(area: layout.cluster, glyphs: snapshot.glyphs)
        let flight = try #require(snapshot.flights.first { flight in
            ClusterView.messagePoint(flight, cards: cards, clients: clients).map { layout.cluster.contains(x: $0.x, y: $0.y) } ?? false
        })
        let point = try #require(ClusterView.messagePoint(flight, cards: cards, clients: clients))
        let expected = ClusterView.message(atX: point.x, y: point.y, snapshot: snapshot, cards: cards, area: layout.cluster)
        session.handle(.click(x: point.x, y: point.y), layout: layout)
        #expect(selectedMessage(session) == expected)
        #expect(expected != nil)
    }

    @Test func messageIdsAreTheSameInEveryRunOfASeed() {
        let first = pausedSession(seed: 5).simulator.messagesInFlight.map(\.description)
        let second = pausedSession(seed: 5).simulator.messagesInFlight.map(\.description)
        #expect(first == second)
        #expect(pausedSession(seed: 5).simulator.messagesInFlight.map(\.id) == pausedSession(seed: 5).simulator.messagesInFlight.map(\.id))
    }

    // MARK: - Going back

    @Test func stepBackInALiveRunIsTheSameRunEarlier() throws {
        let session = GoldenScreen.session(seed: 2, until: 2)
        let present = session.simulator
        session.handle(.character(" "))
        session.handle(.character("["))
        #expect(session.isInPast)
        #expect(session.simulator !== present)
        let pastTime = session.simulator.now
        #expect(pastTime.micros <= present.now.micros - 900_000)
        let header = GoldenScreen.render(session, width: 120, height: 35).rowText(0)
        #expect(header.contains("◀ past t \(pastTime.shortDescription) of \(present.now.shortDescription)"), "\(header)")
        // The same run: a straight run to the same event gives the same node states.
        let reference = Simulator<RaftNode>(config: present.config)
        while reference.eventCount < session.simulator.eventCount { reference.step() }
        #expect(states(reference) == states(session.simulator))
        session.handle(.character(","))
        #expect(session.simulator.eventCount < reference.eventCount)
        session.handle(.character("."))
        session.handle(.character("]"))
        session.handle(.character("]"))
        #expect(!session.isInPast)
        #expect(session.simulator === present, "back at the present itself")
        #expect(session.state.status?.contains("back at the present") == true)
    }

    @Test func aChangeInThePastForksTheRun() throws {
        let session = GoldenScreen.session(seed: 2, until: 2)
        let presentEvents = session.simulator.eventCount
        session.handle(.character(" "))
        session.handle(.character("["))
        let node = session.state.selected
        session.handle(.character("k"))
        #expect(!session.isInPast)
        #expect(session.replay == nil)
        #expect(session.simulator.nodes[node.index].status == .crashed)
        #expect(session.simulator.eventCount < presentEvents)
        #expect(session.state.status?.hasPrefix("forked at t") == true, "\(session.state.status ?? "")")
        // The forked run's inputs re-simulate it from the seed (what `R` records).
        let fresh = Simulator<RaftNode>(config: session.simulator.config)
        var next = 0
        while fresh.eventCount < session.simulator.eventCount {
            fresh.performInputsDue(session.appliedInputs, next: &next)
            guard fresh.step() else { break }
        }
        #expect(next == session.appliedInputs.count, "every input re-applied")
        #expect(fresh.nodes[node.index].status == .crashed)
    }

    @Test func runningFromThePastReachesThePresentAndGoesOn() {
        let session = GoldenScreen.session(seed: 2, until: 2)
        let present = session.simulator
        session.handle(.character("["))
        #expect(session.isInPast && session.state.paused)
        session.handle(.character(" "))
        _ = GoldenScreen.drive(session, until: 2.2)
        #expect(!session.isInPast)
        #expect(session.simulator === present)
        #expect(!session.state.paused)
        #expect(present.now.micros >= 2_200_000)
    }

    @Test func goingBackIsRefusedWhileRecording() {
        let session = GoldenScreen.session(seed: 2, until: 1)
        session.recording = true
        session.handle(.character(","))
        #expect(!session.isInPast)
        #expect(session.state.status?.contains("stop recording") == true)
    }

    // MARK: - Requests, steps, the event log, zoom

    @Test func requestAsksForKeyAndValueAndCaptionsTheOutcome() throws {
        let session = GoldenScreen.session(seed: 1, until: 1.5)
        let leader = try #require(session.simulator.leader)
        session.update(.select(leader))
        let before = session.simulator.history.count
        for key: KeyPress in [.character("c"), .character("s"), .character("k"), .character("y"), .backspace, .character("z"), .enter] {
            session.handle(key)
        }
        #expect(GoldenScreen.find("value: _", in: GoldenScreen.render(session, width: 120, height: 35)) != nil)
        session.handle(.character("4"))
        session.handle(.character("#"))  // would start a comment in the recorded script line: not typed
        session.handle(.character(" "))
        session.handle(.character("2"))
        session.handle(.enter)
        let sent = session.simulator.history[before...].map(\.operation)
        #expect(sent.contains(.set(key: "kz", value: "42")), "\(sent)")
        _ = GoldenScreen.drive(session, until: 2.5)
        let caption = try #require(session.snapshot().captionLine)
        #expect(caption.contains("set kz 42 → ok"), "\(caption)")
    }

    @Test func stepShowsItsEventEvenWhenMessagesAreHidden() throws {
        let session = GoldenScreen.session(seed: 1, until: 1.5)
        #expect(!session.state.showMessageEvents)
        session.handle(.character(" "))
        let next = session.simulator.eventCount
        session.handle(.character("."))
        let event = try #require(session.history.first { $0.index == next })
        #expect(session.snapshot().captionLine?.contains(event.kind.description) == true)
    }

    @Test func eventLogScrollsBackAndForth() {
        let session = GoldenScreen.session(seed: 1, until: 3)
        session.handle(.character("m"))
        session.handle(.character(" "))
        let newest = session.snapshot().events.last?.text
        session.handle(.pageUp)
        let scrolled = session.snapshot()
        #expect(scrolled.events.last?.text != newest)
        #expect(GoldenScreen.find("lines back (PgDn)", in: GoldenScreen.render(session, width: 120, height: 35)) != nil)
        session.handle(.pageDown)
        #expect(session.snapshot().events.last?.text == newest)
    }

    @Test func zoomHidesThePanels() {
        let session = GoldenScreen.session(seed: 1, until: 1)
        let normal = GoldenScreen.render(session, width: 120, height: 35)
        #expect(GoldenScreen.find("Events", in: normal) != nil)
        session.handle(.character("Z"))
        session.handle(.character("Z"))
        let alone = GoldenScreen.render(session, width: 120, height: 35)
        #expect(GoldenScreen.find("Events", in: alone) == nil)
        #expect(GoldenScreen.find("n5", in: alone) != nil)
        session.handle(.character("Z"))
        #expect(session.state.zoom == 0)
    }

    @Test func messageModeGolden() throws {
        let session = pausedSession(seed: 3)
        session.handle(.character("M"))
        session.handle(.tab)
        try GoldenScreen.check(GoldenScreen.render(session, width: 120, height: 35), "message-mode-120x35")
    }

    @Test func pastAndZoomGoldens() throws {
        let session = GoldenScreen.session(seed: 2, until: 2)
        session.handle(.character("["))
        try GoldenScreen.check(GoldenScreen.render(session, width: 80, height: 24), "past-80x24")
        session.handle(.character("Z"))
        session.handle(.character("Z"))
        try GoldenScreen.check(GoldenScreen.render(session, width: 80, height: 24), "zoom-cluster-alone-80x24")
    }

    /// In a replay messages can be inspected, not steered (until `f` forks it).
    @Test func aReplayInspectsMessagesButRefusesToSteerThem() throws {
        let original = Simulator<RaftNode>(config: SimulationConfig(nodeCount: 3, seed: 4, node: RaftConfig()))
        original.run(until: .seconds(2))
        let makeSimulator = { Simulator<RaftNode>(config: SimulationConfig(nodeCount: 3, seed: 4, node: RaftConfig())) }
        let script = ReplayScript<RaftNode>(makeSimulator: makeSimulator, inputs: [], totalEvents: original.eventCount, endTime: original.now, marks: [])
        let session = LiveSession(replaying: script, layCheckpointsInBackground: false)
        while session.simulator.messagesInFlight.isEmpty { session.handle(.character(".")) }
        session.handle(.character("M"))
        let id = try #require(selectedMessage(session))
        session.handle(.character("x"))
        #expect(session.simulator.inFlight[id] != nil)
        #expect(session.state.status == LiveSession<RaftNode>.replayRefusal)
        session.handle(.escape)
        session.handle(.character("f"))
        session.handle(.character("M"))
        session.handle(.character("x"))
        #expect(session.simulator.inFlight[id] == nil, "forked: steering works")
    }
}
