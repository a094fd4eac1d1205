import Foundation
import QuorumCore
import QuorumStore
@testable import QuorumUI
import Testing

/// What a walk through the store's live UI found (a teacher on a projector, a student at 80x24, an
/// engineer at 200x60), each fixed and kept fixed here.
@Suite("Store UI walk")
struct StoreUIWalkTests {
    static func readRepair() -> StyleRole { StyleRole.keyed("message-read-repair", fallback: .messageReplication) }
    static func hint() -> StyleRole { StyleRole.keyed("message-hint", fallback: .messageReplication) }

    /// Read repairs and hints are messages of their own kind (issue 17), but every theme drew them
    /// exactly as the writes they ride with: the same glyph in the replication colour.
    @Test(arguments: ThemeLoader.builtInNames)
    func readRepairsAndHintsLookApartFromWrites(theme name: String) throws {
        let theme = try ThemeLoader.load(name)
        #expect(theme[Self.readRepair()] != theme[.messageReplication], "\(name): a read repair looks like a write")
        #expect(theme[Self.hint()] != theme[.messageReplication], "\(name): a hint looks like a write")
        #expect(theme[Self.hint()] != theme[Self.readRepair()], "\(name)")
    }

    /// In `mono` a replica's highlighted name was reverse video, as the selected node's is: the
    /// selected node looked like a replica of the key whether it was one or not. No theme may draw
    /// a replica's name like the selection or like a plain card of any datacenter.
    @Test(arguments: ThemeLoader.builtInNames)
    func aReplicasNameLooksApartFromTheSelection(theme name: String) throws {
        let theme = try ThemeLoader.load(name)
        #expect(theme[.ringReplica] != theme[.selected], "\(name)")
        for group in 0..<4 { #expect(theme[.ringReplica] != theme[.ringGroup(group)], "\(name) dc\(group + 1)") }
    }

    /// The legend names the store's own messages in their own style, and at 80x24 (two columns
    /// of 26 cells for the meanings) the ring's marks are explained whole: they were cut
    /// (`a node's token (vnode) on…`, `the selected key's token …`, `coordinating a request on…`).
    /// It listed election requests and replies, which a store never sends.
    @Test func theLegendExplainsTheStoresMessagesAndRingWholeAt80x24() throws {
        let session = StoreRingTests.session(until: 0.5)
        session.update(.toggleHelp)
        session.update(.toggleHelp)
        let buffer = GoldenScreen.render(session, width: 80, height: 24)
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(buffer.text) }
        let text = buffer.text
        for meaning in ["read repair", "hint handed off", "a node's token (vnode)", "selected key's token (y)", "a replica of that key",
                        "coordinating on that key"] {
            #expect(text.contains(meaning), "\(meaning) in the legend at 80x24")
        }
        let repair = try #require(GoldenScreen.find("read repair", in: buffer))
        let sample = (0..<repair.x).last { buffer[$0, repair.y].scalar == Glyphs.unicode.messageReplication }
        #expect(sample.map { buffer[$0, repair.y].style } == Self.readRepair(), "the sample in the read repair's own style")
        #expect(!text.contains("election request") && !text.contains("election reply"), "the store elects no leader")
        #expect(!text.contains("anti-entropy exchange"), "drawn as any other message: no line of its own")
        for line in text.split(separator: "\n") where line.contains("token") || line.contains("that key") {
            #expect(!line.contains("…"), "cut: \(line)")
        }
    }

    /// The hints a node holds were listed in micros (`9@1026721`) beside a key table in ms
    /// (`9 @1026ms`): the same cell in two units. Now both say `9 @1026ms`.
    @Test func heldHintsAreWrittenAsTheKeyTableWritesCells() throws {
        let session = StoreRingTests.session(until: 3, actions: [(0.2, .cluster(.kill(.node(NodeID(1)))))])
        let holder = try #require(session.simulator.nodes.first { !$0.state.store.hints.isEmpty }, "someone holds a hint for n2")
        let panel = try #require(holder.state.describe(logTail: 1).panels.first { $0.title == "hints" })
        guard case .table(_, let rows) = panel.content else {
            Issue.record("hints are a table")
            return
        }
        for row in rows {
            let cell = row[2].text
            #expect(cell.range(of: #"^\S+ @\d+ms$"#, options: .regularExpression) != nil, "\(cell)")
        }
        let hint = holder.state.store.hints[0]
        #expect(rows[0][2].text == "\(hint.cell.value) @\(hint.cell.timestampMicros / 1_000)ms")
    }

    /// With `--ascii` the detail said `token 110‰` (and cards dropped the sign: `at token 889`,
    /// a token that looked like a number of something else). Every cell is ASCII now.
    /// Places on the ring are in percent now (`first 11.0%`, `at token 27.5%`): ASCII, and a sign
    /// every student reads.
    @Test(arguments: [(80, 24), (120, 35), (200, 60)])
    func asciiMeansAscii(size: (width: Int, height: Int)) {
        let buffer = GoldenScreen.render(StoreRingTests.session(until: 2), width: size.width, height: size.height, glyphs: .ascii)
        let foreign = buffer.text.unicodeScalars.filter { !$0.isASCII }
        #expect(foreign.isEmpty, "\(String(String.UnicodeScalarView(foreign)))\n\(buffer.text)")
        #expect(buffer.text.contains("first 11.0%"), "\(buffer.text)")
    }

    /// On the two-line card (two datacenters at 120x35) the coordinator's mark sat at the card's
    /// far end, in the blank after the name, so it floated on the ring away from its node. It sits
    /// right after the name now.
    @Test func theCoordinatorsMarkSitsBesideItsName() throws {
        let config = StoreRingTests.config(nodes: 6, datacenters: 2)
        let session = GoldenScreen.drive(LiveSession(simulator: Simulator<StoreNode>(config: config), speedIndex: 9), until: 0.5)
        session.update(.togglePause)
        session.update(.cluster(.request(NodeID(1), .set(key: "k", value: "7"))))
        session.update(.selectKey("k"))
        for _ in 0..<100 where session.simulator.nodes[1].state.describe(logTail: 1).ring?.coordination(of: "k") == nil {
            session.update(.step)
        }
        let buffer = GoldenScreen.render(session, width: 120, height: 35)
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(buffer.text) }
        let snapshot = session.snapshot(logTail: 20)
        let cards = CardLayout.make(snapshot: snapshot, area: Layout(width: 120, height: 35, nodeCount: 6).cluster)
        #expect(cards.size == .compact)
        let rect = try #require(cards.rect(of: NodeID(1)))
        let name = try #require(StoreRingTests.find("n2", in: buffer, row: rect.y, from: rect.x, to: rect.maxX))
        #expect(buffer[name + 3, rect.y].scalar == Glyphs.unicode.ringCoordinator && buffer[name + 3, rect.y].style == .ringCoordinator,
                "\(buffer.rowText(rect.y))")
    }

    /// A replay at its start said `no keys yet: press c to send a request`, but a replay takes no
    /// request (its keys are , . [ ] { } g v f ? q): it only says there are none yet.
    @Test func aReplayDoesNotOfferARequestKey() {
        let makeSimulator = { Simulator<StoreNode>(config: StoreRingTests.config(nodes: 5, datacenters: 1)) }
        let original = makeSimulator()
        original.run(until: .seconds(1))
        let script = ReplayScript<StoreNode>(makeSimulator: makeSimulator, inputs: [], totalEvents: original.eventCount, endTime: original.now, marks: [])
        let session = LiveSession(replaying: script)
        session.seek(toEvent: 0)
        let text = GoldenScreen.render(session, width: 120, height: 35).text
        #expect(text.contains("no keys yet") && !text.contains("press c"), "\(text)")
        let live = GoldenScreen.render(LiveSession(simulator: makeSimulator(), speedIndex: 9), width: 120, height: 35).text
        #expect(live.contains("no keys yet: press c to send a request"), "a live run still says how to make one")
    }

    /// On a two-line card the request was `w k QUORUM…`: the acks, the one thing that changes,
    /// were cut off. The card puts them before the level now (`w k 1/2 QUORUM`).
    @Test func aTwoLineCardShowsTheAcksGathered() throws {
        let session = GoldenScreen.drive(LiveSession(simulator: Simulator<StoreNode>(config: StoreRingTests.config(nodes: 5, datacenters: 1)),
                                                     speedIndex: 9), until: 0.5)
        session.update(.togglePause)
        session.update(.cluster(.request(NodeID(1), .set(key: "k", value: "7"))))
        for _ in 0..<100 where session.simulator.nodes[1].state.describe(logTail: 1).ring?.coordination(of: "k") == nil {
            session.update(.step)
        }
        let buffer = GoldenScreen.render(session, width: 120, height: 35)
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(buffer.text) }
        let cards = CardLayout.make(snapshot: session.snapshot(logTail: 20), area: Layout(width: 120, height: 35, nodeCount: 5).cluster)
        #expect(cards.size == .compact)
        let rect = try #require(cards.rect(of: NodeID(1)))
        let line = String(String.UnicodeScalarView(buffer.rowText(rect.y + 1).unicodeScalars.dropFirst(rect.x).prefix(rect.width)))
        #expect(line.range(of: #"w k \d/\d"#, options: .regularExpression) != nil, "\(line)")
    }

    /// The skewed-clock lesson says n1's clock runs 1 s fast, but only the selected node's detail
    /// said so: the cards show each node's skew now, where the lost write can be explained.
    @Test func aSkewedClockShowsOnItsCard() throws {
        var config = StoreRingTests.config(nodes: 5, datacenters: 1)
        config.node.clockSkewMicros = 1_000_000
        let session = GoldenScreen.drive(LiveSession(simulator: Simulator<StoreNode>(config: config), speedIndex: 9), until: 0.3)
        let buffer = GoldenScreen.render(session, width: 200, height: 60)
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(buffer.text) }
        let snapshot = session.snapshot(logTail: 20)
        let cards = CardLayout.make(snapshot: snapshot, area: Layout(width: 200, height: 60, nodeCount: 5).cluster)
        #expect(cards.size == .boxed)
        for (index, skew) in [(0, "skew +1s"), (1, "skew +750ms"), (4, nil)] {
            let rect = try #require(cards.rect(of: NodeID(index)))
            let text = (rect.y..<rect.maxY).map { y in
                String(String.UnicodeScalarView(buffer.rowText(y).unicodeScalars.dropFirst(rect.x).prefix(rect.width)))
            }.joined(separator: "\n")
            if let skew { #expect(text.contains(skew), "\(text)") } else { #expect(!text.contains("skew"), "\(text)") }
        }
    }

    /// At 80x24 over two datacenters the ring's line lists six replicas, and the coordinator's
    /// progress was cut where it mattered (`◉n2 write QUORU…`): the line falls back to the short
    /// form (`◉n2 w 0/4 QUORUM`, its acks first) when the long one does not fit.
    @Test func theRingsLineKeepsTheAcksAt80Columns() throws {
        let session = GoldenScreen.drive(LiveSession(simulator: Simulator<StoreNode>(config: StoreRingTests.config(nodes: 8, datacenters: 2)),
                                                     speedIndex: 9), until: 0.5)
        session.update(.togglePause)
        session.update(.cluster(.request(NodeID(1), .set(key: "k", value: "7"))))
        session.update(.selectKey("k"))
        for _ in 0..<100 where session.simulator.nodes[1].state.describe(logTail: 1).ring?.coordination(of: "k") == nil {
            session.update(.step)
        }
        let buffer = GoldenScreen.render(session, width: 80, height: 24)
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(buffer.text) }
        let layout = Layout(width: 80, height: 24, nodeCount: 8)
        let line = String(String.UnicodeScalarView(buffer.rowText(layout.cluster.maxY - 1).unicodeScalars.prefix(layout.cluster.width)))
        #expect(line.range(of: #"◉n2 w \d/\d"#, options: .regularExpression) != nil, "\(line)")
        let wide = GoldenScreen.render(session, width: 200, height: 60)
        #expect(GoldenScreen.find("◉n2 write QUORUM ", in: wide) != nil, "the long form where it fits")
    }

    /// In the partition editor (`P`) at 80x24 the nodes are one-line tags on the ring, and they
    /// did not say which side each was on (only the caption did). Side B's tags take the
    /// partition's style, as a card's `side B` does.
    @Test func thePartitionEditorMarksSideBOnTags() throws {
        let session = StoreRingTests.session(until: 0.5)
        session.update(.togglePause)
        session.update(.beginPartition)
        guard case .partition(let sides) = session.snapshot().state.mode else {
            Issue.record("the partition editor is open")
            return
        }
        if !sides[3] { session.update(.togglePartitionSide(NodeID(3))) }
        if sides[2] { session.update(.togglePartitionSide(NodeID(2))) }
        let buffer = GoldenScreen.render(session, width: 80, height: 24)
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(buffer.text) }
        let snapshot = session.snapshot(logTail: 8)
        let cards = CardLayout.make(snapshot: snapshot, area: Layout(width: 80, height: 24, nodeCount: 5).cluster)
        #expect(cards.size == .tiny)
        let sideB = try #require(cards.rect(of: NodeID(3))), sideA = try #require(cards.rect(of: NodeID(2)))
        #expect(buffer[sideB.x, sideB.y].style == .partition, "n4's tag on side B")
        #expect(buffer[sideA.x, sideA.y].style != .partition, "n3's tag on side A")
    }

    /// Replicas of a key are neighbours on the ring, so writes and read repairs between them cross
    /// the ring's token marks, and a message was never drawn over a mark: most of them were
    /// invisible at 120x35. Every frame of a run: no message in flight is hidden by a token mark.
    @Test(arguments: [(120, 35), (200, 60)])
    func noMessageHidesUnderATokenMark(size: (width: Int, height: Int)) {
        let session = StoreRingTests.session(until: 0.2)
        let layout = Layout(width: size.width, height: size.height, nodeCount: 5)
        var wall: Int64 = 0, checked = 0
        while session.simulator.now.micros < 2_500_000 {
            wall += 33_000
            session.advance(wallMicros: wall)
            let snapshot = session.snapshot(logTail: LogView.tailNeeded(width: size.width))
            var buffer = CellBuffer(width: size.width, height: size.height)
            FrameRenderer.render(snapshot, into: &buffer)
            let cards = CardLayout.make(snapshot: snapshot, area: layout.cluster)
            guard cards.ring != nil else { continue }
            let clients = ClusterView.clientsRect(area: layout.cluster, glyphs: snapshot.glyphs)
            for flight in snapshot.flights {
                guard let point = ClusterView.messagePoint(flight, cards: cards, clients: clients), layout.cluster.contains(x: point.x, y: point.y) else { continue }
                checked += 1
                #expect(buffer[point.x, point.y].scalar != Glyphs.unicode.ringToken, "a message under a token mark at \(point) at \(session.simulator.now)")
            }
        }
        #expect(checked > 100, "messages were in flight: \(checked)")
    }

    /// The detail said `ring token 105‰` for n4 while n4's card said `at token 275‰`: one node,
    /// two tokens, no word of why. The detail names the first of its vnodes as the first
    /// (`8 vnodes, first 10.5%`).
    @Test func theDetailAndTheCardAgreeOnTokens() {
        let session = StoreRingTests.session(until: 0.5)
        session.update(.select(NodeID(3)))
        let text = GoldenScreen.render(session, width: 200, height: 60).text
        #expect(text.contains("8 vnodes, first ") && !text.contains("ring     token"), "\(text)")
    }

    /// At 80x24 a node is a one-line tag with no room for a fact: the hints held for a crashed
    /// replica were seen only in the selected node's detail. The ring's line says who holds
    /// hints and how many (`hints n1:2 n3:1`), and says nothing once they are handed off.
    @Test func hintsHeldShowAt80x24() throws {
        let session = StoreRingTests.session(until: 2, actions: [(0.2, .cluster(.kill(.node(NodeID(1)))))])
        let holders = session.simulator.nodes.filter { !$0.state.store.hints.isEmpty }
        let first = try #require(holders.first, "someone holds a hint for n2")
        let buffer = GoldenScreen.render(session, width: 80, height: 24)
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(buffer.text) }
        let layout = Layout(width: 80, height: 24, nodeCount: 5)
        let line = String(String.UnicodeScalarView(buffer.rowText(layout.cluster.maxY - 1).unicodeScalars.prefix(layout.cluster.maxX)))
        #expect(line.contains("hints \(first.id):\(first.state.store.hints.count)"), "\(line)")
        let calm = GoldenScreen.render(StoreRingTests.session(until: 2), width: 80, height: 24)
        #expect(!String(String.UnicodeScalarView(calm.rowText(layout.cluster.maxY - 1).unicodeScalars.prefix(layout.cluster.maxX))).contains("hints"),
                "no hints, no word of them")
    }
}

