import QuorumCore
import Testing

/// A node that leads in a term fixed by its configuration and does nothing else, so a test can set
/// up any mix of leaders: `leaderTerms[i]` is the term node i leads in (nil: it follows).
struct ClaimNode: SimulatedNode {
    enum Message: ProtocolMessage, Hashable {
        case none
        var category: MessageCategory { .other }
        var description: String { "None" }
    }

    enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case idle
        var description: String { rawValue }
    }

    struct Config: Sendable {
        var leaderTerms: [Int?]
    }

    static let protocolName = "claim"
    static let primaryTimer = Timer.idle

    let leaderTerm: Int?
    var isLeader: Bool { leaderTerm != nil }

    init(id: NodeID, clusterSize: Int, config: Config, storage: Int, random: RandomStream) {
        leaderTerm = config.leaderTerms[id.index]
    }

    static func emptyStorage(config: Config, clusterSize: Int) -> Int { 0 }
    static func apply(_ write: Int, to storage: inout Int) {}
    mutating func handle(_ input: NodeInput<Message, Timer>, into effects: inout [NodeEffect<Message, Timer, Int>]) {}
}

@Suite("Leader rule: the up node leading in the highest term")
struct LeaderRuleTests {
    private func claims(_ terms: [Int?], statuses: [NodeStatus]? = nil) -> [LeaderRule.Claim] {
        terms.indices.map { LeaderRule.Claim(status: statuses?[$0] ?? .up, leaderTerm: terms[$0]) }
    }

    @Test func theHighestTermLeadsWhateverTheIds() {
        #expect(LeaderRule.leader(claims([3, nil, 2])) == NodeID(0))
        #expect(LeaderRule.leader(claims([2, nil, 3])) == NodeID(2))
        #expect(LeaderRule.leader(claims([nil, 5, nil, 1, nil])) == NodeID(1))
    }

    @Test func crashedAndFrozenNodesNeverLead() {
        #expect(LeaderRule.leader(claims([3, nil, 2], statuses: [.crashed, .up, .up])) == NodeID(2))
        #expect(LeaderRule.leader(claims([3, nil, 2], statuses: [.up, .up, .frozen])) == NodeID(0))
        #expect(LeaderRule.leader(claims([3, nil, 2], statuses: [.frozen, .up, .crashed])) == nil)
    }

    @Test func noLeaderIsNil() {
        #expect(LeaderRule.leader(claims([nil, nil, nil])) == nil)
        #expect(LeaderRule.leader(claims([])) == nil)
    }

    @Test func twoLeadersOfOneTermGiveTheLowestId() {
        #expect(LeaderRule.leader(claims([nil, 4, nil, 4])) == NodeID(1))
    }

    private func simulator(_ terms: [Int?]) -> Simulator<ClaimNode> {
        Simulator(config: SimulationConfig(nodeCount: terms.count, seed: 1, workload: .none, node: ClaimNode.Config(leaderTerms: terms)))
    }

    /// Node 3 still believes it leads term 1; node 1 leads term 2. The old rule (the highest id
    /// that believes it leads) killed node 3.
    @Test func killLeaderKillsTheLeaderOfTheHighestTerm() {
        let simulator = simulator([2, nil, 1])
        #expect(simulator.leader == NodeID(0))
        simulator.perform(.kill(.leader))
        #expect(simulator.nodes.map(\.status) == [.crashed, .up, .up])
        #expect(simulator.leader == NodeID(2), "the stale leader is all that is left")
    }

    @Test func killLeaderInAScriptWithNoLeaderSaysItDidNothing() throws {
        func run() throws -> [String] {
            let simulator = simulator([nil, nil, nil])
            var texts: [String] = []
            simulator.observers.append { texts.append($0.description) }
            let scenario = try ScenarioParser(source: "s", nodeCount: 3).parse("at 100ms kill leader\nat 200ms kill n2")
            scenario.schedule(on: simulator, until: .seconds(1))
            simulator.run(until: .seconds(1))
            #expect(simulator.nodes.map(\.status) == [.up, .crashed, .up])
            return texts
        }
        let texts = try run()
        #expect(texts == ["0.100000s say \"kill leader: no leader to kill\"", "0.200000s n2 crashed"])
        #expect(try run() == texts, "deterministic")
    }

    @Test func noEffectNamesOnlyAKillLeaderWithoutALeader() {
        #expect(simulator([nil, nil]).noEffect(of: .kill(.leader)) == "kill leader: no leader to kill")
        #expect(simulator([nil, 1]).noEffect(of: .kill(.leader)) == nil)
        #expect(simulator([nil, nil]).noEffect(of: .kill(.node(NodeID(0)))) == nil)
        #expect(simulator([nil, nil]).noEffect(of: .heal) == nil)
    }
}
