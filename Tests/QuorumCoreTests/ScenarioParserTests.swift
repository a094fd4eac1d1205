import QuorumCore
import Testing

@Suite("Scenario scripts")
struct ScenarioParserTests {
    private func parse(_ text: String, nodes: Int = 5) throws(InputError) -> Scenario {
        try ScenarioParser(source: "lesson.txt", nodeCount: nodes).parse(text)
    }

    private func error(_ text: String, nodes: Int = 5) -> InputError? {
        do {
            _ = try parse(text, nodes: nodes)
            return nil
        } catch {
            return error
        }
    }

    @Test func theIssueExampleParses() throws {
        let scenario = try parse("""
            # five nodes, leader cut off from the majority
            at 2s kill n1
            at 4s partition n1 n2 | n3 n4 n5
            at 9s heal
            at 10s restart n1
            at 10.5s request set x 3
            every 300ms request incr counter
            at 12s say "The old leader rejoins as a follower"
            """)
        #expect(scenario.steps.count == 7)
        #expect(scenario.steps[0].action == .kill(.node(NodeID(0))))
        #expect(scenario.steps[1].action == .partition([[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]]))
        #expect(scenario.steps[4].action == .request(nil, .set(key: "x", value: "3")))
        #expect(scenario.steps[4].at == SimTime(micros: 10_500_000))
        #expect(scenario.steps[5].period == 300_000)
        #expect(scenario.steps[6].action == .say("The old leader rejoins as a follower"))
        #expect(scenario.steps[6].line == 8)
    }

    @Test func everyAction() throws {
        let scenario = try parse("""
            at 1s kill leader
            at 1s freeze n2   # a trailing comment
            at 1s unfreeze n2
            at 1s isolate n3
            at 1s cut n1 -> n2
            at 1s repair n1->n2
            at 1s loss 10%
            at 1s duplicate 0.02
            at 1s reorder 5%
            at 1s latency 1ms..3ms
            at 1s request n4 cas x 1 2
            at 1s timeout n5
            every 1s from 2s until 4s request get x
            at 1s say "quote \\" and backslash \\\\"
            """)
        #expect(scenario.steps.map(\.action) == [
            .kill(.leader), .freeze(NodeID(1)), .unfreeze(NodeID(1)), .isolate(NodeID(2)),
            .cut(from: NodeID(0), to: NodeID(1)), .repair(from: NodeID(0), to: NodeID(1)),
            .setLoss(Probability(perMillion: 100_000)), .setDuplication(Probability(perMillion: 20_000)),
            .setReordering(Probability(perMillion: 50_000)), .setLatency(minMicros: 1_000, maxMicros: 3_000),
            .request(NodeID(3), .cas(key: "x", expected: "1", new: "2")), .timeout(NodeID(4)),
            .request(nil, .get(key: "x")), .say("quote \" and backslash \\"),
        ])
        let timeline = scenario.timeline(until: .seconds(10)).filter { $0.action == .request(nil, .get(key: "x")) }
        #expect(timeline.map(\.time) == [.seconds(2), .seconds(3), .seconds(4)])
    }

    // Errors name the file, line and column of the offending word.
    @Test(arguments: [
        ("at 2s kill n9", "lesson.txt:1:12: unknown node 'n9' (the cluster has n1..n5)"),
        ("\n\nat 2s explode n1", "lesson.txt:3:7: unknown action 'explode'"),
        ("at soon kill n1", "lesson.txt:1:4: 'soon' is not a time"),
        ("kill n1", "lesson.txt:1:1: expected 'at', 'every', 'title', 'topic' or 'run', found 'kill'"),
        ("at 1s partition n1 n2", "lesson.txt:1:22: a partition needs sides"),
        ("at 1s partition n1 | n1", "lesson.txt:1:22: n1 is on two sides"),
        ("at 1s say \"unterminated", "lesson.txt:1:11: unterminated quoted string"),
        ("at 1s loss 150%", "lesson.txt:1:12: '150%' is not a probability"),
        ("at 1s latency 9ms..2ms", "lesson.txt:1:15: latency range 9ms..2ms has its minimum above its maximum"),
        ("at 1s request set x", "lesson.txt:1:15: 'set' takes 2 arguments"),
        ("at 1s heal now", "lesson.txt:1:12: unexpected 'now' after 'heal'"),
        ("at 1s kill", "lesson.txt:1:11: missing a node such as n1"),
        ("every 0s heal", "lesson.txt:1:7: the period of 'every' must be more than 0"),
        ("at 1s workload read-level", "lesson.txt:1:16: 'read-level' is not a workload option (write NAME=VALUE"),
        ("at 1s workload level=ONE =x", "lesson.txt:1:26: '=x' is not a workload option"),
        ("at 1s workload \"level=ONE\"", "lesson.txt:1:16: '"),
    ])
    func errorsNameLineAndColumn(script: String, expected: String) throws {
        let failure = try #require(error(script))
        #expect(failure.description.hasPrefix(expected), "got: \(failure.description)")
    }

    /// `workload`: options every request carries from then on (the `L` key's action), written back
    /// exactly as read, so a recording of it replays.
    @Test func workloadLinesRoundTrip() throws {
        let scenario = try parse("at 2s workload read-level=QUORUM write-level=ONE\nat 3s workload")
        let options = [RequestOption("read-level", "QUORUM"), RequestOption("write-level", "ONE")]
        #expect(scenario.steps.map(\.action) == [.workload(options), .workload([])])
        for action in scenario.steps.map(\.action) {
            #expect(try parse("at 1s \(action.description)").steps.map(\.action) == [action])
        }
        var protocolSpecific = ScenarioParser(source: "s.txt", nodeCount: 3)
        protocolSpecific.workloadOptionProblem = { $0.name == "level" ? nil : "no such option" }
        #expect(throws: InputError.self) { try protocolSpecific.parse("at 1s workload speed=2") }
    }

    @Test func blankLinesAndCommentsAreIgnored() throws {
        #expect(try parse("\n   \n# only a comment\n\r\n").steps.isEmpty)
    }
}
