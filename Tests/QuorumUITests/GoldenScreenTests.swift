import QuorumCore
import QuorumRaft
import QuorumUI
import Testing

@Suite("Golden screens")
struct GoldenScreenTests {
    @Test func startup80x24() throws {
        let session = GoldenScreen.session(seed: 1, until: 2)
        let buffer = GoldenScreen.render(session, width: 80, height: 24)
        try GoldenScreen.check(buffer, "startup-80x24")
        // Style checks: the leader's card is drawn in the leader style, the selected node's id in
        // the selected style, and committed log cells differ from uncommitted ones.
        let leader = try #require(session.simulator.leader)
        let card = try #require(GoldenScreen.find("L \(leader) t", in: buffer))
        #expect(buffer[card.x, card.y].style == .leader)
        let selected = try #require(GoldenScreen.find("n1 ", in: buffer))
        #expect(buffer[selected.x, selected.y].style == .selected || buffer[selected.x, selected.y].style == .leader
            || buffer[selected.x, selected.y].style == .follower)
        #expect(buffer.cells.contains { StyleRole.logTermsCommitted.contains($0.style) })
        #expect(buffer[0, 0].style == .header)
        #expect(buffer[0, 23].style == .footer)
    }

    @Test func startup120x40() throws {
        let session = GoldenScreen.session(seed: 1, until: 2)
        try GoldenScreen.check(GoldenScreen.render(session, width: 120, height: 40), "startup-120x40")
    }

    @Test func partitionedMinority120x40() throws {
        let session = GoldenScreen.session(seed: 2, until: 4, actions: [
            (1.0, .select(NodeID(2))),
            (1.5, .cluster(.partition([[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]]))),
        ])
        let buffer = GoldenScreen.render(session, width: 120, height: 40)
        try GoldenScreen.check(buffer, "partition-120x40")
        let divider = try #require(GoldenScreen.find("┊", in: buffer))
        #expect(buffer[divider.x, divider.y].style == .partition)
        #expect(GoldenScreen.find("side B", in: buffer) != nil)
    }

    @Test func crashedAndFrozenNodesInASCII() throws {
        let session = GoldenScreen.session(seed: 3, until: 3, actions: [
            (1.0, .cluster(.kill(.leader))),
            (1.2, .cluster(.freeze(NodeID(4)))),
            (1.3, .select(NodeID(4))),
        ])
        let buffer = GoldenScreen.render(session, width: 80, height: 24, glyphs: .ascii)
        try GoldenScreen.check(buffer, "crash-freeze-ascii-80x24")
        #expect(buffer.cells.allSatisfy { $0.scalar.isASCII }, "ASCII mode draws only ASCII")
        #expect(GoldenScreen.find("frozen", in: buffer) != nil)
        #expect(GoldenScreen.find("crashed", in: buffer) != nil)
    }

    @Test func helpOverlayListsEveryKey() throws {
        let session = GoldenScreen.session(seed: 1, until: 1, actions: [(0.5, .toggleHelp)])
        let buffer = GoldenScreen.render(session, width: 80, height: 24)
        try GoldenScreen.check(buffer, "help-80x24")
        for entry in KeyMap.help(timerName: "election", electsLeaders: true) {
            #expect(GoldenScreen.find(entry.action, in: buffer) != nil, "\(entry.action)")
        }
    }

    @Test func tooSmallTerminal() throws {
        let session = GoldenScreen.session(seed: 1, until: 0.5)
        try GoldenScreen.check(GoldenScreen.render(session, width: 60, height: 20), "too-small-60x20")
        #expect(GoldenScreen.find("terminal too small (need 80x24, have 60x20)", in: GoldenScreen.render(session, width: 60, height: 20)) != nil)
    }
}
