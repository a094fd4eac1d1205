import QuorumCore
import QuorumRaft
import QuorumUI
import Testing

/// Keys of the replay and of the editors mean what they say.
@Suite("Replay and editor keys")
struct ReplayAndEditorKeysTests {
    private static func makeSimulator() -> Simulator<RaftNode> {
        let simulator = Simulator<RaftNode>(config: SimulationConfig(nodeCount: 5, seed: 9, workload: .standard, node: RaftConfig()))
        simulator.schedule(.kill(.leader), at: .seconds(2))
        return simulator
    }

    /// 4 s with marks where the leader crashes and where a node becomes leader.
    private func script() -> ReplayScript<RaftNode> {
        let original = Self.makeSimulator()
        var marks: [ReplayMark] = []
        var count: UInt64 = 0
        original.observers.append { event in
            count += 1
            switch event.kind {
            case .crashed: marks.append(.init(event: event.index, time: event.time, label: "crash"))
            case .annotated(let node, let annotation):
                if case .role(_, _, let leads) = annotation.kind, leads { marks.append(.init(event: event.index, time: event.time, label: "\(node) leads")) }
            default: break
            }
        }
        original.run(until: .seconds(4))
        return ReplayScript(makeSimulator: Self.makeSimulator, inputs: [], totalEvents: count, endTime: original.now, marks: marks)
    }

    /// After `}` lands on a leader change (a step of several events), `{` goes back to the mark
    /// before it instead of landing on the same one again.
    @Test func previousMarkAfterNextMarkMovesBack() throws {
        let script = script()
        #expect(script.marks.count >= 3, "a leader, its crash, a new leader")
        let session = LiveSession(replaying: script, layCheckpointsInBackground: false)
        for _ in script.marks.indices { session.handle(.character("}")) }
        let last = try #require(script.marks.last)
        #expect(session.snapshot().captionLine?.contains(last.label) == true)
        let atLast = session.simulator.eventCount
        #expect(atLast > last.event + 1, "the mark's step goes on past it: where `{` used to find the same mark")
        session.handle(.character("{"))
        #expect(session.simulator.eventCount < atLast, "{ moved back")
        #expect(session.snapshot().captionLine?.contains(script.marks[script.marks.count - 2].label) == true)
        for _ in script.marks.indices { session.handle(.character("{")) }
        #expect(session.simulator.eventCount <= script.marks[0].event + 20)
        session.handle(.character("{"))
        #expect(session.snapshot().captionLine?.contains("no earlier notable event") == true)
    }

    /// `c` and `P` in a replay refuse at once, as `k` does, instead of opening a prompt first.
    @Test(arguments: ["c", "P", "l"] as [Character])
    func replayRefusesPromptsAtOnce(key: Character) {
        let session = LiveSession(replaying: script(), layCheckpointsInBackground: false)
        session.handle(.character(key))
        #expect(session.state.mode == .normal)
        #expect(session.snapshot().captionLine?.contains("press f to fork") == true)
        #expect(session.simulator.network.loss == .zero)
    }

    /// Go-to reads durations as scripts do: `1m` is a minute; a bare number is seconds.
    @Test func goToSpeaksTheDurationGrammar() {
        #expect(UIState.goToTime("1m") == .seconds(60))
        #expect(UIState.goToTime("12.5") == SimTime(micros: 12_500_000))
        #expect(UIState.goToTime("300ms") == .millis(300))
        #expect(UIState.goToTime("250us") == SimTime(micros: 250))
        #expect(UIState.goToTime("1.5s") == SimTime(micros: 1_500_000))
        #expect(UIState.goToTime("m") == nil)
    }

    /// The editor names each side as the applied partition does (the side holding n1 is side A).
    @Test(arguments: [0, 2])
    func partitionEditorSidesMatchTheResult(selected: Int) throws {
        let config = SimulationConfig(nodeCount: 5, seed: 1, workload: .standard, node: RaftConfig())
        let session = LiveSession(simulator: Simulator<RaftNode>(config: config))
        session.update(.select(NodeID(selected)))
        session.handle(.character("P"))
        guard case .partition(let sideB) = session.state.mode else { Issue.record("no editor"); return }
        let labelledB = sideB[selected]
        let screen = session.snapshot().captionLine ?? ""
        session.handle(.enter)
        let sides = session.simulator.topology.sides
        let sideOfSelected = try #require(sides.firstIndex { $0.contains(NodeID(selected)) })
        #expect(labelledB == (sideOfSelected == 1), "editor: side \(labelledB ? "B" : "A"); applied: \(sides); \(screen)")
    }

    /// The help and the footer offer each protocol's own keys.
    @Test func gossipHelpHasNoLeaderKeyAndNamesItsTimer() {
        let gossip = KeyMap.help(timerName: "anti-entropy", electsLeaders: false)
        #expect(!gossip.contains { $0.keys == "K" })
        #expect(gossip.first { $0.keys == "t" }?.action.contains("anti-entropy") == true)
        let raft = KeyMap.help(timerName: "election", electsLeaders: true)
        #expect(raft.contains { $0.keys == "K" })
        #expect(raft.first { $0.keys == "t" }?.action == "fire the selected node's election timer now")
    }
}
