import QuorumCore
import QuorumRaft
@testable import QuorumUI
import Testing

/// The cluster, log, clock and help drawing: what must hold at every size and in every theme.
@Suite("Drawing")
struct DrawingTests {
    static func snapshot(nodes: Int = 5, seed: UInt64 = 1, until seconds: Double = 2, width: Int = 80,
                         actions: [(at: Double, action: UIAction)] = []) -> FrameSnapshot {
        GoldenScreen.session(seed: seed, nodes: nodes, until: seconds, actions: actions).snapshot(logTail: LogView.tailNeeded(width: width))
    }

    // Before this change a 12-node grid at 80x24 ran three rows of cards past the cluster area into
    // the log strips, and 64 nodes ran off the screen: this test failed on both.
    @Test("cards stay inside the cluster area, never overlap, and the hidden ones are counted",
          arguments: [(5, 80, 24), (7, 80, 24), (9, 120, 35), (12, 80, 24), (12, 120, 35), (64, 80, 24), (64, 120, 35), (7, 200, 60), (5, 120, 35)])
    func cardsFitTheClusterArea(nodes: Int, width: Int, height: Int) throws {
        let snapshot = Self.snapshot(nodes: nodes, until: 1, width: width)
        let layout = Layout(width: width, height: height, nodeCount: nodes)
        let cards = CardLayout.make(snapshot: snapshot, area: layout.cluster)
        let rects = NodeID.all(count: nodes).compactMap { cards.rect(of: $0) }
        for rect in rects {
            #expect(rect.x >= layout.cluster.x && rect.maxX <= layout.cluster.maxX && rect.y >= layout.cluster.y
                    && rect.maxY <= layout.cluster.maxY - 1, "\(rect) outside \(layout.cluster)")
        }
        for (index, first) in rects.enumerated() {
            for second in rects[(index + 1)...] {
                let apart = first.maxX <= second.x || second.maxX <= first.x || first.maxY <= second.y || second.maxY <= first.y
                #expect(apart, "\(first) overlaps \(second)")
            }
        }
        #expect(cards.rect(of: snapshot.state.selected) != nil, "the selected node is shown")
        var buffer = CellBuffer(width: width, height: height)
        ClusterView(snapshot: snapshot).render(into: &buffer, area: layout.cluster)
        for y in 0..<height {
            for x in 0..<width where !layout.cluster.contains(x: x, y: y) {
                #expect(buffer[x, y] == .blank, "the cluster view drew at (\(x), \(y)), outside its area")
            }
        }
        if cards.hiddenCount > 0 {
            #expect(GoldenScreen.find("+\(cards.hiddenCount) nodes not shown", in: buffer) != nil)
        } else {
            #expect(rects.count == nodes)
        }
    }

    @Test("a panel that cannot show every node follows the selection")
    func hiddenNodesFollowTheSelection() throws {
        let last = NodeID(63)
        let snapshot = Self.snapshot(nodes: 64, until: 1, actions: [(0.5, .select(last))])
        let layout = Layout(width: 80, height: 24, nodeCount: 64)
        #expect(CardLayout.make(snapshot: snapshot, area: layout.cluster).rect(of: last) != nil)
        var buffer = CellBuffer(width: 80, height: 24)
        FrameRenderer.render(snapshot, into: &buffer)
        #expect(GoldenScreen.find("n64", in: buffer) != nil)
        #expect(GoldenScreen.find("hidden", in: buffer) != nil, "the log strips say how many rows are hidden")
        #expect(GoldenScreen.find("of 64", in: buffer) != nil, "the clocks say how many are shown")
    }

    /// Before: messages were drawn before the cards but after the walls, so a message crossing a
    /// partition covered the wall (and the `side A` label): this failed then.
    @Test("a message never covers a card, a label or a wall: it is drawn only on free cells")
    func messagesDrawnOnlyOnFreeCells() throws {
        var snapshot = Self.snapshot(nodes: 5, seed: 2, until: 2, actions: [
            (1.5, .cluster(.partition([[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]]))),
        ])
        for (width, height) in [(80, 24), (120, 35)] {
            let layout = Layout(width: width, height: height, nodeCount: 5)
            snapshot.flights = []
            snapshot.drops = []
            var base = CellBuffer(width: width, height: height)
            ClusterView(snapshot: snapshot).render(into: &base, area: layout.cluster)
            snapshot.flights = stride(from: 0.0, through: 1.0, by: 0.01).flatMap { progress in
                NodeID.all(count: 5).flatMap { from in
                    NodeID.all(count: 5).filter { $0 != from }.map { to in
                        FrameSnapshot.Flight(from: .node(from), to: .node(to), progress: progress, category: .replication)
                    }
                }
            }
            var buffer = CellBuffer(width: width, height: height)
            ClusterView(snapshot: snapshot).render(into: &buffer, area: layout.cluster)
            var moved = 0
            for y in 0..<height {
                for x in 0..<width where buffer[x, y] != base[x, y] {
                    moved += 1
                    #expect(ClusterView.isFree(base[x, y]), "a message covered '\(base[x, y].scalar)' at (\(x), \(y))")
                    #expect(CardLayout.make(snapshot: snapshot, area: layout.cluster).node(atX: x, y: y) == nil, "a message inside a card at (\(x), \(y))")
                }
            }
            #expect(moved > 0, "messages are drawn")
        }
    }

    @Test("from about 120x35 cards are boxed, in the role's colour, with role, term, log, commit, timer and the protocol's facts")
    func boxedCards() throws {
        let snapshot = Self.snapshot(nodes: 5, until: 2, width: 120)
        var buffer = CellBuffer(width: 120, height: 35)
        let layout = FrameRenderer.render(snapshot, into: &buffer)
        let cards = CardLayout.make(snapshot: snapshot, area: layout.cluster)
        #expect(cards.size == .boxed)
        let leader = try #require(snapshot.leader)
        let rect = try #require(cards.rect(of: leader))
        #expect(buffer[rect.x, rect.y].scalar == "┌" && buffer[rect.x, rect.y].style == .leader)
        let card = (rect.y..<rect.maxY).map { y in String(buffer.rowText(y).unicodeScalars.dropFirst(rect.x).prefix(rect.width)) }.joined(separator: "\n")
        #expect(card.contains("leader t"), "\(card)")
        #expect(card.contains("log ") && card.contains("commit "), "\(card)")
        #expect(card.contains("in sync"), "\(card)")
        let follower = try #require(snapshot.nodes.first { $0.description.roleKind == .follower })
        let followerRect = try #require(cards.rect(of: follower.id))
        let followerCard = (followerRect.y..<followerRect.maxY).map { buffer.rowText($0) }.joined()
        #expect(followerCard.contains("votedFor"))
        #expect((followerRect.x..<followerRect.maxX).contains { buffer[$0, followerRect.y + 2].scalar == "▰" || buffer[$0, followerRect.y + 2].scalar == "▱" },
                "the timer bar")
        #expect(CardLayout.make(snapshot: snapshot, area: Layout(width: 80, height: 24, nodeCount: 5).cluster).size == .compact)
    }

    /// Before: the match index restyled its entry (underlined green over bold), so the committed
    /// look was lost on it; committed and uncommitted differed only by bold against dim.
    @Test("log entries: solid when committed, hollow when not, coloured by term; markers beside them, never over them")
    func logEntries() throws {
        let snapshot = Self.snapshot(nodes: 5, until: 2)
        var buffer = CellBuffer(width: 80, height: 24)
        let layout = FrameRenderer.render(snapshot, into: &buffer)
        var committed = 0
        for y in (layout.logs.y + 1)..<layout.logs.maxY {
            for x in (layout.logs.x + LogView.labelWidth)..<layout.logs.maxX - LogView.trailerWidth {
                let cell = buffer[x, y]
                guard cell.scalar.properties.numericType != nil else { continue }
                #expect(StyleRole.logTerms.contains(cell.style) || StyleRole.logTermsCommitted.contains(cell.style), "(\(x), \(y)) \(cell.style)")
                if StyleRole.logTermsCommitted.contains(cell.style) { committed += 1 }
            }
        }
        #expect(committed > 0)
        #expect(buffer.cells.contains { $0.scalar == Glyphs.unicode.matchMarker && $0.style == .logMatch }, "the match marker is drawn")
        for name in ThemeLoader.builtInNames {
            let theme = try ThemeLoader.load(name)
            for term in 0..<6 {
                let solid = theme[StyleRole.logTerm(term, committed: true)], hollow = theme[StyleRole.logTerm(term, committed: false)]
                #expect(solid.background != hollow.background || solid.reverse != hollow.reverse, "\(name): committed is solid")
            }
            let palette = Set((0..<6).map { "\(theme[StyleRole.logTerm($0, committed: false)])" })
            #expect(name == "mono" || palette.count == 6, "\(name): six term colours")
        }
    }

    /// Before: a clock entry stayed lit for a wall second after it changed, so in a running
    /// cluster every entry was lit all the time.
    @Test("vector clocks: only entries changed in the last moment of simulated time are highlighted")
    func clockHighlights() throws {
        var highlights = ClockHighlights([VectorClock(counts: [0, 0]), VectorClock(counts: [0, 0])])
        highlights.note([VectorClock(counts: [1, 0]), VectorClock(counts: [0, 0])], nowMicros: 1_000)
        #expect(highlights.changed(nowMicros: 1_000) == [[true, false], [false, false]])
        highlights.note([VectorClock(counts: [1, 0]), VectorClock(counts: [0, 0])], nowMicros: 60_000)
        #expect(highlights.changed(nowMicros: 60_000) == [[false, false], [false, false]])
        // A running cluster at the default speed: a few entries lit, not all.
        let config = SimulationConfig(nodeCount: 5, seed: 1, workload: WorkloadSettings(clientCount: 3), node: RaftConfig())
        let session = LiveSession(simulator: Simulator<RaftNode>(config: config))
        var litCounts: [Int] = []
        for frame in 0..<400 {
            session.advance(wallMicros: Int64(frame) * 33_000)
            if frame >= 200, frame % 10 == 0 { litCounts.append(session.snapshot().clockChanged.joined().count { $0 }) }
        }
        #expect(litCounts.reduce(0, +) < litCounts.count * 25 / 2, "\(litCounts) of 25 entries lit: fewer than half on average")
        #expect(litCounts.allSatisfy { $0 < 25 }, "\(litCounts): never every entry")
        #expect(litCounts.contains { $0 > 0 }, "changes do light up")
    }

    @Test("? twice shows the legend: every glyph, bar and marker of the protocol shown, in a framed box")
    func legendPage() throws {
        let session = GoldenScreen.session(seed: 1, until: 1)
        session.handle(.character("?"))
        #expect(session.state.helpVisible && session.state.helpPage == 0)
        session.handle(.character("?"))
        #expect(session.state.helpVisible && session.state.helpPage == 1)
        for (width, height) in [(80, 24), (120, 35)] {
            let buffer = GoldenScreen.render(session, width: width, height: height)
            try GoldenScreen.check(buffer, "legend-\(width)x\(height)")
            let glyphs = Glyphs.unicode
            for glyph in [glyphs.leader, glyphs.candidate, glyphs.follower, glyphs.crashed, glyphs.frozen, glyphs.messageElection,
                          glyphs.messageElectionReply, glyphs.messageReplication, glyphs.messageReplicationReply, glyphs.messageClient,
                          glyphs.dropped, glyphs.timerFull, glyphs.matchMarker, glyphs.nextMarker, glyphs.cutLink, glyphs.partition] {
                #expect(buffer.cells.contains { $0.scalar == glyph && $0.style != .normal }, "\(glyph) explained at \(width)x\(height)")
            }
            #expect(GoldenScreen.find("committed (solid)", in: buffer) != nil)
            #expect(GoldenScreen.find("uncommitted (hollow)", in: buffer) != nil)
        }
        session.handle(.character("?"))
        #expect(!session.state.helpVisible)
    }

    /// Before: the help box had no frame, so in themes where its background is the screen's
    /// (high-contrast, mono) it did not stand out.
    @Test("the help box is framed")
    func helpFrame() {
        let session = GoldenScreen.session(seed: 1, until: 1, actions: [(0.5, .toggleHelp)])
        let buffer = GoldenScreen.render(session, width: 80, height: 24)
        #expect(buffer.cells.filter { $0.scalar == "┌" || $0.scalar == "┘" }.allSatisfy { $0.style == .helpKey })
        #expect(buffer.cells.contains { $0.scalar == "┌" && $0.style == .helpKey })
        #expect(buffer.cells.contains { $0.scalar == "┘" && $0.style == .helpKey })
    }

    /// Before: a misbehaving node's badge replaced its card's second line (commit and timer), and
    /// the partition editor's `side A` replaced the badge.
    @Test("the badge of a misbehaving node keeps the card's commit line and shows in the partition editor")
    func byzantineBadge() throws {
        let session = GoldenScreen.session(seed: 1, until: 2, actions: [(1.0, .cluster(.behave(NodeID(1), .silent)))])
        var buffer = GoldenScreen.render(session, width: 80, height: 24)
        let card = try #require(GoldenScreen.find("n2 t", in: buffer))
        let badgeRow = buffer.rowText(card.y)
        #expect(badgeRow.contains("⚠"))
        #expect(buffer.rowText(card.y + 1).contains("c"), "the commit line stays")
        session.update(.beginPartition)
        buffer = GoldenScreen.render(session, width: 80, height: 24)
        #expect(buffer.rowText(card.y).contains("⚠"))
        #expect(GoldenScreen.find("side A", in: buffer) != nil)
    }

    /// Before: siblings were joined and cut to the column, so replicas that differed only in an
    /// old sibling showed the same text on every row (`7[1,0,0]|14[2,0,0]|`).
    @Test("sibling cells show their number and never hide the difference between replicas in a cut")
    func siblingCellsKeepTheDifference() throws {
        var snapshot = Self.snapshot(nodes: 3, until: 0.5)
        let common = (1...4).map { NodeDescription.KeyRow.Version(value: "a-longer-value-\($0)", clock: "[\($0),0,0]") }
        let own = [NodeDescription.KeyRow.Version(value: "odd", clock: "[0,9,0]"), NodeDescription.KeyRow.Version(value: "even", clock: "[0,0,9]")]
        for index in 0..<3 {
            let versions = index == 2 ? common : common + [own[index]]  // the difference is the newest sibling
            snapshot.nodes[index].description.keyTable = [NodeDescription.KeyRow(key: "k", versions: versions)]
        }
        var buffer = CellBuffer(width: 80, height: 24)
        let layout = FrameRenderer.render(snapshot, into: &buffer)
        let rows = (1...3).map { String(buffer.rowText(layout.logs.y + $0).dropFirst(4)) }
        #expect(Set(rows).count == 3, "every replica's row differs: \(rows)")
        #expect(rows[0].hasPrefix(" 5× ") && rows[0].contains("odd[0,9,0]") && rows[1].contains("even[0,0,9]") && rows[2].hasPrefix(" 4× "), "\(rows)")
        #expect(rows[0].contains("…"), "the cut is marked")
    }

    @Test("text cut to fit ends in an ellipsis")
    func ellipsis() {
        var buffer = CellBuffer(width: 10, height: 1)
        #expect(buffer.write("abcdefghijkl", x: 0, y: 0, style: .normal, maxWidth: 6, ellipsis: "…") == 6)
        #expect(buffer.rowText(0).hasPrefix("abcde…"))
        buffer.clear()
        buffer.write("abc", x: 0, y: 0, style: .normal, maxWidth: 3, ellipsis: "…")
        #expect(buffer.rowText(0).hasPrefix("abc "))
    }
}

/// Golden screens of the new drawing at 80x24 and 120x35: cards, links and messages on them, term-
/// coloured logs with their markers, a partition's wall and cut links, a grid of many nodes.
@Suite("Drawing goldens")
struct DrawingGoldenTests {
    @Test(arguments: [(80, 24), (120, 35)])
    func runningCluster(width: Int, height: Int) throws {
        let session = GoldenScreen.session(seed: 1, until: 2.4)
        try GoldenScreen.check(GoldenScreen.render(session, width: width, height: height), "cluster-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (120, 35)])
    func partitionedCluster(width: Int, height: Int) throws {
        let session = GoldenScreen.session(seed: 2, until: 3.2, actions: [
            (1.5, .cluster(.partition([[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]]))),
        ])
        let buffer = GoldenScreen.render(session, width: width, height: height)
        try GoldenScreen.check(buffer, "partitioned-\(width)x\(height)")
        #expect(buffer.cells.contains { $0.scalar == Glyphs.unicode.cutLink && $0.style == .partition }, "a cut link is drawn cut")
    }

    @Test(arguments: [(12, 80, 24), (12, 120, 35), (64, 80, 24), (64, 120, 35)])
    func manyNodes(nodes: Int, width: Int, height: Int) throws {
        let session = GoldenScreen.session(seed: 1, nodes: nodes, until: 1.5)
        try GoldenScreen.check(GoldenScreen.render(session, width: width, height: height), "nodes\(nodes)-\(width)x\(height)")
    }
}
