import QuorumCore
import QuorumRaft
import QuorumUI
import Testing

/// Keys go through the key map and the one update function to the simulator's input path.
@Suite("Live session: keys and actions")
struct LiveSessionTests {
    private func session(seed: UInt64 = 1) -> LiveSession<RaftNode> {
        GoldenScreen.session(seed: seed, until: 1.5)
    }

    @Test func everyKeyInTheHelpDoesSomething() throws {
        let session = session()
        let leader = try #require(session.simulator.leader)
        session.handle(.character(String(leader.index + 1).first!))
        #expect(session.state.selected == leader)
        session.handle(.character("k"))
        #expect(session.simulator.nodes[leader.index].status == .crashed)
        session.handle(.character("r"))
        #expect(session.simulator.nodes[leader.index].status == .up)
        session.handle(.character("z"))
        #expect(session.simulator.nodes[leader.index].status == .frozen)
        session.handle(.character("z"))
        #expect(session.simulator.nodes[leader.index].status == .up)
        session.handle(.character("p"))
        #expect(session.simulator.topology.sides.count == 2)
        session.handle(.character("h"))
        #expect(!session.simulator.topology.isPartitioned)
        session.handle(.character("l"))
        #expect(session.simulator.network.loss == Probability(perMillion: 100_000))
        session.handle(.character("l"))
        session.handle(.character("l"))
        #expect(session.simulator.network.loss == .zero)
        let speed = session.state.speedIndex
        session.handle(.character("+"))
        #expect(session.state.speedIndex == speed + 1)
        session.handle(.character("-"))
        session.handle(.character("-"))
        #expect(session.state.speedIndex == speed - 1)
        session.handle(.character(" "))
        #expect(session.state.paused)
        let events = session.simulator.eventCount
        session.handle(.character("."))
        #expect(session.simulator.eventCount > events)
        session.handle(.tab)
        #expect(session.state.selected == NodeID((leader.index + 1) % 5))
        session.handle(.character("?"))
        #expect(session.state.helpVisible)
        session.handle(.character("x"))
        #expect(!session.state.helpVisible)
        session.handle(.character("e"))
        #expect(session.state.eventsOfSelectedOnly)
        session.handle(.character("m"))
        #expect(session.state.showMessageEvents)
        session.handle(.character("q"))
        #expect(session.state.quitRequested)
    }

    @Test func killLeaderAndTimeout() throws {
        let session = session()
        let leader = try #require(session.simulator.leader)
        session.handle(.character("K"))
        #expect(session.simulator.nodes[leader.index].status == .crashed)
        let follower = NodeID((leader.index + 1) % 5)
        session.update(.select(follower))
        let term = session.simulator.nodes[follower.index].state.currentTerm
        session.handle(.character("t"))
        #expect(session.simulator.nodes[follower.index].state.currentTerm == term + 1)
        #expect(session.simulator.nodes[follower.index].state.role == .candidate)
    }

    @Test func partitionModeAssignsSides() {
        let session = session()
        session.update(.select(NodeID(0)))
        session.handle(.character("P"))
        session.handle(.character("2"))
        #expect(session.snapshot().captionLine?.contains("n1 n2 | n3 n4 n5") == true, "side A (n1's) first, as applied")
        session.handle(.enter)
        #expect(session.simulator.topology.sides == [[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]])
        session.handle(.character("P"))
        session.handle(.escape)
        #expect(session.state.mode == .normal)
    }

    @Test func requestMenuSendsOperationsToTheSelectedNode() {
        let session = session()
        session.update(.select(NodeID(3)))
        let before = session.simulator.history.count
        for key: Character in ["g", "s", "i", "a"] {
            session.handle(.character("c"))
            session.handle(.character(key))
            session.handle(.enter)  // the key's default
            if key == "s" || key == "a" { session.handle(.enter) }  // the value's default
        }
        let sent = session.simulator.history[before...]
        #expect(sent.count == 4)
        #expect(sent.allSatisfy { $0.attempts.first == NodeID(3) })
        #expect(sent.map(\.operation.description.first!) == ["g", "s", "i", "c"])
    }

    @Test func clickSelectsNode() throws {
        let session = session()
        let buffer = GoldenScreen.render(session, width: 80, height: 24)
        let card = try #require(GoldenScreen.find("n4 t", in: buffer))
        let layout = Layout(width: 80, height: 24, nodeCount: 5)
        session.handle(.click(x: card.x, y: card.y), layout: layout)
        #expect(session.state.selected == NodeID(3))
    }

    @Test func captionsFromScriptsAreShownSanitised() {
        let session = session()
        session.simulator.perform(.say("evil \u{1B}[2J caption"))
        let snapshot = session.snapshot()
        #expect(snapshot.captionLine == "evil ?[2J caption")
        var buffer = CellBuffer(width: 80, height: 24)
        FrameRenderer.render(snapshot, into: &buffer)
        #expect(buffer.cells.allSatisfy { !DisplayWidth.isControl($0.scalar) })
    }

    @Test func speedScaleRunsFromOneThousandthToHundredfold() {
        #expect(SpeedScale.label(0) == "1/1000x")
        #expect(SpeedScale.label(SpeedScale.steps.count - 1) == "100x")
        #expect(SpeedScale.index(nearest: 1) == 9)
        #expect(SpeedScale.index(nearest: 0.05) == SpeedScale.defaultIndex)
    }
}
