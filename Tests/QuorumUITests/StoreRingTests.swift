import Foundation
import QuorumCore
import QuorumStore
@testable import QuorumUI
import Testing

/// The store's ring in the cluster view: nodes round a ring of tokens, coloured by datacenter, the
/// selected key's token marked, its replicas highlighted and its coordinator marked.
@Suite("Store ring")
struct StoreRingTests {
    static func config(nodes: Int, datacenters: Int, workload: WorkloadSettings = .none) -> SimulationConfig<StoreConfig> {
        let perDatacenter = nodes / datacenters
        let factors = Array(repeating: min(3, perDatacenter), count: datacenters)
        return SimulationConfig(nodeCount: nodes, seed: 1, workload: workload, node: StoreConfig(replicationFactors: factors),
                                datacenters: datacenters > 1 ? Datacenters.even(datacenters, nodeCount: nodes, crossLatency: 40_000...80_000) : nil)
    }

    static func session(nodes: Int = 5, datacenters: Int = 1, until seconds: Double = 3,
                        actions: [(at: Double, action: UIAction)] = []) -> LiveSession<StoreNode> {
        var workload = WorkloadSettings(clientCount: 3, includesCas: false)
        workload.includesIncr = false
        let simulator = Simulator<StoreNode>(config: config(nodes: nodes, datacenters: datacenters, workload: workload))
        return GoldenScreen.drive(LiveSession(simulator: simulator, speedIndex: 9), until: seconds, actions: actions)
    }

    /// Golden screens of the ring: the textbook five nodes in one datacenter and six in two, at
    /// the smallest size, a middle one and a big one. Before the ring they were a generic circle
    /// (one datacenter) or columns (two) of cards: every one of these differed.
    @Test(arguments: [1, 2], [(80, 24), (120, 35), (200, 60)])
    func ringGolden(datacenters: Int, size: (width: Int, height: Int)) throws {
        let session = Self.session(nodes: datacenters == 1 ? 5 : 6, datacenters: datacenters, until: 2.5)
        let buffer = GoldenScreen.render(session, width: size.width, height: size.height)
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(buffer.text) }
        try GoldenScreen.check(buffer, "store-ring-\(datacenters)dc-\(size.width)x\(size.height)")
    }

    /// For the selected key, exactly its replicas (the ring's preference list, Dynamo §4.3) have
    /// their names highlighted, on the cards and on the key's line; the key's token is marked on
    /// the ring where its fraction of the ring falls; the key table marks its column. Pressing `y`
    /// moves to the next key, and the highlighted set follows it.
    @Test(arguments: [(1, 5, 80, 24), (2, 6, 120, 35), (3, 12, 200, 60), (2, 8, 80, 24)])
    func selectedKeysReplicasAreHighlightedExactly(datacenters: Int, nodes: Int, width: Int, height: Int) throws {
        let session = Self.session(nodes: nodes, datacenters: datacenters, until: 3)
        let ring = session.simulator.nodes[0].state.ring
        var seen: [String] = []
        for _ in 0..<3 {
            guard let action = KeyMap.action(for: .character("y"), in: session.keyContext()), case .selectKey(let key) = action else {
                Issue.record("y selects no key")
                return
            }
            session.update(action)
            seen.append(key)
            let snapshot = session.snapshot(logTail: LogView.tailNeeded(width: width))
            #expect(snapshot.ringKey == key)
            var buffer = CellBuffer(width: width, height: height)
            let layout = FrameRenderer.render(snapshot, into: &buffer)
            if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(buffer.text) }
            let cards = CardLayout.make(snapshot: snapshot, area: layout.cluster)
            let geometry = try #require(cards.ring, "the store's nodes are on a ring")
            let replicas = Set(ring.replicas(of: key))
            #expect(replicas.count == ring.replicationFactors.reduce(0, +))
            for node in snapshot.nodes where node.id != snapshot.state.selected {
                let rect = try #require(cards.rect(of: node.id))
                let name = try #require(Self.find(node.id.description, in: buffer, row: rect.y, from: rect.x, to: rect.maxX),
                                        "\(node.id)'s name on its card")
                #expect((buffer[name, rect.y].style == .ringReplica) == replicas.contains(node.id),
                        "\(node.id) is \(replicas.contains(node.id) ? "" : "not ")a replica of \(key)")
            }
            // The key's line at the bottom of the cluster lists the replicas, highlighted, and no other node.
            let bottom = layout.cluster.maxY - 1
            let listed = snapshot.nodes.filter { node in
                Self.find(node.id.description, in: buffer, row: bottom, from: layout.cluster.x, to: layout.cluster.maxX, style: .ringReplica) != nil
            }.map(\.id)
            #expect(Set(listed) == replicas)
            let position = StoreNode.ringFraction(Ring.hash(key))
            let mark = geometry.cell(at: position)
            if cards.node(atX: mark.x, y: mark.y) == nil {
                #expect(buffer[mark.x, mark.y].scalar == Glyphs.unicode.ringKey && buffer[mark.x, mark.y].style == .ringKey)
            }
            #expect(GoldenScreen.find("\(Glyphs.unicode.ringKey)\(key) ", in: buffer) != nil, "the key table marks the key's column")
        }
        #expect(Set(seen).count == min(3, FrameSnapshot.ringKeys(session.snapshot().nodes.map(\.description)).count), "y moves on: \(seen)")
    }

    /// The node coordinating a request on the selected key is marked on its card and on the key's
    /// line, with the request's level and acks (`write QUORUM 1/2`).
    @Test func theCoordinatorOfTheSelectedKeyIsMarked() throws {
        let config = Self.config(nodes: 5, datacenters: 1)
        let simulator = Simulator<StoreNode>(config: config)
        // A write through n2, caught event by event while n2 gathers its acks.
        let key = "k"
        let session = GoldenScreen.drive(LiveSession(simulator: simulator, speedIndex: 9), until: 0.5)
        session.update(.togglePause)
        session.update(.cluster(.request(NodeID(1), .set(key: key, value: "7"))))
        session.update(.selectKey(key))
        var coordinating: NodeDescription.Coordination?
        for _ in 0..<100 where coordinating == nil {
            session.update(.step)
            coordinating = session.simulator.nodes[1].state.describe(logTail: 1).ring?.coordination(of: key)
        }
        let progress = try #require(coordinating?.progress, "n2 coordinates the write")
        let buffer = GoldenScreen.render(session, width: 120, height: 35)
        if ProcessInfo.processInfo.environment["QUORUM_PRINT_SCREENS"] == "1" { print(buffer.text) }
        #expect(GoldenScreen.find("\(Glyphs.unicode.ringCoordinator)n2 \(progress)", in: buffer) != nil, "the key's line names the coordinator")
        let snapshot = session.snapshot(logTail: 20)
        let cards = CardLayout.make(snapshot: snapshot, area: Layout(width: 120, height: 35, nodeCount: 5).cluster)
        let rect = try #require(cards.rect(of: NodeID(1)))
        let marks = (rect.x..<rect.maxX).filter { buffer[$0, rect.y].scalar == Glyphs.unicode.ringCoordinator }
        #expect(marks.count == 1 && buffer[marks[0], rect.y].style == .ringCoordinator, "the mark on n2's card")
        for other in [0, 2, 3, 4].map(NodeID.init) {
            let otherRect = try #require(cards.rect(of: other))
            #expect(!(otherRect.x..<otherRect.maxX).contains { buffer[$0, otherRect.y].scalar == Glyphs.unicode.ringCoordinator })
        }
    }

    /// Nothing overlaps on the ring for 3 to 12 nodes in 1 to 3 datacenters at every size: cards
    /// (tags) inside the cluster area above its last line, apart from each other, every node
    /// shown, and the ring itself never under a card. Before, there was no ring.
    @Test(arguments: [(80, 24), (120, 35), (200, 60)], [1, 2, 3])
    func ringCardsNeverOverlap(size: (width: Int, height: Int), datacenters: Int) throws {
        for nodes in max(3, datacenters)...12 {
            let simulator = Simulator<StoreNode>(config: Self.config(nodes: nodes, datacenters: datacenters))
            let snapshot = LiveSession(simulator: simulator, speedIndex: 9).snapshot(logTail: 8)
            let layout = Layout(width: size.width, height: size.height, nodeCount: nodes)
            let cards = CardLayout.make(snapshot: snapshot, area: layout.cluster)
            let context = "\(nodes) nodes, \(datacenters) dc at \(size.width)x\(size.height)"
            #expect(cards.ring != nil, "on a ring: \(context)")
            #expect(cards.hiddenCount == 0, "\(context)")
            let rects = NodeID.all(count: nodes).compactMap { cards.rect(of: $0) }
            for rect in rects {
                #expect(rect.x >= layout.cluster.x && rect.maxX <= layout.cluster.maxX && rect.y >= layout.cluster.y
                        && rect.maxY <= layout.cluster.maxY - 1, "\(rect) outside \(layout.cluster): \(context)")
            }
            for (index, first) in rects.enumerated() {
                for second in rects[(index + 1)...] {
                    let apart = first.maxX <= second.x || second.maxX <= first.x || first.maxY <= second.y || second.maxY <= first.y
                    #expect(apart, "\(first) overlaps \(second): \(context)")
                }
            }
            // Drawn alone, the ring's marks are never inside a card and never outside the area.
            var buffer = CellBuffer(width: size.width, height: size.height)
            if let ring = cards.ring { ClusterView(snapshot: snapshot).drawRing(ring, cards: cards, key: nil, into: &buffer, area: layout.cluster) }
            var drawn = 0
            for y in 0..<size.height {
                for x in 0..<size.width where buffer[x, y] != .blank {
                    drawn += 1
                    #expect(layout.cluster.contains(x: x, y: y) && y < layout.cluster.maxY - 1 && cards.node(atX: x, y: y) == nil,
                            "ring cell (\(x), \(y)): \(context)")
                }
            }
            #expect(drawn > 20, "a ring is drawn: \(context)")
        }
    }

    /// `y` is in the help where nodes sit on a ring, and only there.
    @Test func theHelpListsTheKeySelection() {
        #expect(KeyMap.help(timerName: "anti-entropy", electsLeaders: false, hasRing: true).contains { $0.keys == "y Y" })
        #expect(!KeyMap.help(timerName: "election", electsLeaders: true).contains { $0.keys == "y Y" })
        let session = Self.session(until: 0.5)
        session.update(.toggleHelp)
        let help = GoldenScreen.render(session, width: 80, height: 24).text
        #expect(help.contains("y Y") && help.contains("next / previous key"))
        #expect(help.contains("? q"), "every key's line still fits at 80x24")
        #expect(help.contains("fire the selected node's anti-entropy timer now"), "the box widens for a long timer name rather than cut it")
        session.update(.toggleHelp)
        let legend = GoldenScreen.render(session, width: 120, height: 40).text
        #expect(legend.contains("a replica of that key") && legend.contains("coordinating on that key"))
        #expect(legend.contains("timestamp") && !legend.contains("siblings (concurrent)"), "the store's cells are stamped, not versioned")
    }

    /// Seen on screen: the detail label `default r/w` ran into its value (`default rQUORUM/QUORUM`);
    /// the key table's title explained version vectors and siblings the store has not; at 80
    /// columns the header had no room for the levels in force; the cards of two datacenters all
    /// said `dc dc1 of 2` and `rf dc1:3,dc2:3`.
    @Test func whatWasSeenOnScreenIsFixed() {
        let text = GoldenScreen.render(Self.session(until: 3), width: 80, height: 24).text
        #expect(text.contains("default r/w QUORUM/QUORUM"))
        let middle = GoldenScreen.render(Self.session(until: 3), width: 120, height: 35).text
        #expect(middle.contains("value @timestamp") && !middle.contains("siblings") && !text.contains("siblings"))
        let header = String(text.split(separator: "\n")[0])
        #expect(header.contains("R QUORUM W QUORUM") && header.contains("running"), "\(header)")
        let paused = Self.session(until: 1)
        paused.update(.togglePause)
        paused.update(.cluster(.workload(StoreNode.workloadOptionCycle[0])))
        let pausedHeader = String(GoldenScreen.render(paused, width: 80, height: 24).text.split(separator: "\n")[0])
        #expect(pausedHeader.contains("PAUSED") && pausedHeader.contains("R ONE W ONE"), "\(pausedHeader)")
        let wide = GoldenScreen.render(Self.session(nodes: 6, datacenters: 2, until: 3), width: 160, height: 45)
        let layout = Layout(width: 160, height: 45, nodeCount: 6)
        let cluster = (layout.cluster.y..<layout.cluster.maxY).map { y in
            String(String.UnicodeScalarView(wide.rowText(y).unicodeScalars.prefix(layout.cluster.width)))
        }.joined(separator: "\n")
        #expect(!cluster.contains("dc1 of 2") && !cluster.contains("dc1:3,dc2:3"), "\(cluster)")
        #expect(cluster.components(separatedBy: "token ").count - 1 == 6, "each card its own token: \(cluster)")
    }

    /// The column where `text` starts on `row` between `from` and `to`, in `style` if given.
    static func find(_ text: String, in buffer: CellBuffer, row: Int, from: Int, to: Int, style: StyleRole? = nil) -> Int? {
        let needle = Array(text.unicodeScalars)
        for x in from..<max(from, to - needle.count + 1) {
            let matches = needle.indices.allSatisfy { buffer[x + $0, row].scalar == needle[$0] }
            if matches, x == 0 || !"0123456789n".unicodeScalars.contains(buffer[x - 1, row].scalar),
               x + needle.count >= buffer.width || !"0123456789".unicodeScalars.contains(buffer[x + needle.count, row].scalar),
               style == nil || buffer[x, row].style == style { return x }
        }
        return nil
    }
}
