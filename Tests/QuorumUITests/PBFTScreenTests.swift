import QuorumCore
import QuorumPBFT
import QuorumUI
import Testing

/// PBFT in the live view: the slot table in place of the log strips (a row per replica, a column
/// per recent sequence number, each cell how far the slot got), and a breach of safety shown.
@Suite("PBFT screens")
struct PBFTScreenTests {
    private func session(until seconds: Double, behaviours: [(Int, NodeBehaviour)] = [], clients: Int = 3) -> LiveSession<PBFTNode> {
        let config = SimulationConfig(nodeCount: 4, seed: 3, workload: WorkloadSettings(clientCount: clients), node: PBFTConfig())
        let simulator = Simulator<PBFTNode>(config: config)
        for (index, behaviour) in behaviours { simulator.perform(.behave(NodeID(index), behaviour)) }
        return GoldenScreen.drive(LiveSession(simulator: simulator, speedIndex: 9), until: seconds)
    }

    @Test func slotTableAt80x24() throws {
        let buffer = GoldenScreen.render(session(until: 1.5), width: 80, height: 24)
        try GoldenScreen.check(buffer, "pbft-80x24")
        let title = try #require(GoldenScreen.find("Slots", in: buffer))
        for replica in 1...4 { #expect(buffer.rowText(title.y + replica).hasPrefix("n\(replica)"), "a row per replica") }
        #expect(buffer.rowText(title.y + 1).contains("E"), "executed slots are shown")
    }

    /// On a wide screen each row ends with the replica's watermarks.
    @Test func slotTableAt120x35ShowsTheWatermarks() throws {
        let buffer = GoldenScreen.render(session(until: 1.5), width: 120, height: 35)
        try GoldenScreen.check(buffer, "pbft-120x35")
        let title = try #require(GoldenScreen.find("Slots", in: buffer))
        #expect(buffer.rowText(title.y + 1).contains("h..H "))
    }

    /// Two colluders of four (f+1) make the honest n3 and n4 execute different requests: the
    /// event panel says that safety is broken, naming them; with one colluder it never does.
    @Test func fPlusOneCollusionIsShownAsBrokenSafety() throws {
        let broken = GoldenScreen.render(session(until: 1.5, behaviours: [(0, PBFTNode.collude), (1, PBFTNode.collude)]), width: 80, height: 24)
        let line = try #require(GoldenScreen.find("SAFETY BROKEN", in: broken))
        let text = (line.y...(line.y + 2)).map { broken.rowText($0) }.joined(separator: " ")
        #expect(text.contains("n4 and n3") && text.contains("executed different") && text.contains("sequence number 1"), "\(text)")
        let safe = GoldenScreen.render(session(until: 1.5, behaviours: [(0, PBFTNode.collude)]), width: 80, height: 24)
        #expect(GoldenScreen.find("SAFETY BROKEN", in: safe) == nil)
    }

    /// PREPARE and COMMIT are both replies in the replication family; every theme tells them apart.
    @Test func prepareAndCommitLookDifferentInEveryTheme() throws {
        for name in ThemeLoader.builtInNames {
            let theme = try ThemeLoader.load(name)
            let prepare = theme[StyleRole.keyed("message-prepare", fallback: .messageReplicationReply)]
            let commit = theme[StyleRole.keyed("message-commit", fallback: .messageReplicationReply)]
            #expect(prepare != commit, "\(name)")
        }
    }
}
