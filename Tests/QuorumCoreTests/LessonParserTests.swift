import QuorumCore
import Testing

/// The lesson lines of a script: header, cues and conditions, and errors naming file, line and column.
@Suite("Lesson scripts")
struct LessonParserTests {
    private func parse(_ text: String, nodes: Int = 5) throws(InputError) -> Scenario {
        try ScenarioParser(source: "lesson.txt", nodeCount: nodes).parse(text)
    }

    private func error(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aLessonParses() throws {
        let scenario = try parse("""
            title "The first election"
            topic "Raft leader election"
            run someprotocol --clients 0 --duration 9s
            at 0s chapter "Followers"
            at 0s speed 1/50x
            at 0.1s say "hello"
            at 0.2s pause
            at 0.2s focus n3
            at 0.2s show messages
            at 0.3s predict "Who leads?" choices n1 n3 n5 answer n3 reveal at 0.6s "n3 did" expect ? role leader
            at 0.1s expect n2 log-length >= 3
            at 0.7s expect key x = 3 on majority
            at 0.7s expect committed x = 3 on n2
            at 0.7s expect key k siblings 2 on all
            at 0.7s expect key k vector [2,0,1] on n1
            at 0.7s expect leader term 3
            at 0.7s expect leader none
            at 0.7s expect count role leader 0
            at 0.7s expect history not-linearizable
            at 0.7s expect session read-your-writes broken
            """)
        #expect(scenario.lesson.title == "The first election")
        #expect(scenario.lesson.topic == "Raft leader election")
        #expect(scenario.lesson.runWords == ["someprotocol", "--clients", "0", "--duration", "9s"])
        #expect(scenario.lesson.runLine == 3)
        #expect(scenario.steps.count == 1, "only the say is an action")
        #expect(scenario.cues.count == 16)
        #expect(scenario.cues.map(\.at.micros) == scenario.cues.map(\.at.micros).sorted(), "cues in time order")
        #expect(scenario.cues[0].kind == .chapter("Followers"))
        #expect(scenario.cues[1].kind == .speed(0.02))
        #expect(scenario.cues[2].kind == .expect(LessonCondition(kind: .nodeFact(NodeID(1), fact: "log-length", .greaterOrEqual, "3"),
                                                               text: "n2 log-length >= 3")))
        guard case .predict(let prediction) = scenario.cues.first(where: { $0.line == 10 })?.kind else {
            Issue.record("no prediction")
            return
        }
        #expect(prediction.choices == ["n1", "n3", "n5"])
        #expect(prediction.answerIndex == 1)
        #expect(prediction.revealAt == SimTime(micros: 600_000))
        #expect(prediction.judgesEachChoice)
        #expect(prediction.conditions.map(\.text) == ["n1 role leader", "n3 role leader", "n5 role leader"])
        #expect(prediction.conditions[2].kind == .nodeFact(NodeID(4), fact: "role", .equal, "leader"))
    }

    /// A plain script of today's format is unchanged: no header, no cues.
    @Test func todaysScriptsHaveNoCues() throws {
        let scenario = try parse("at 1s kill n1\nevery 300ms request incr counter\nat 2s say \"x\"\n")
        #expect(scenario.cues.isEmpty)
        #expect(scenario.lesson == LessonHeader())
        #expect(scenario.steps.count == 3)
    }

    /// Every new directive names the file, line and column of what is wrong.
    @Test(arguments: [
        ("title", "lesson.txt:1:6: 'title' takes a quoted text"),
        ("title \"a\" b", "lesson.txt:1:11: unexpected 'b' after 'title'"),
        ("title \"a\"\ntitle \"b\"", "lesson.txt:2:1: a lesson has one 'title'"),
        ("topic x", "lesson.txt:1:7: 'topic' takes a quoted text"),
        ("run", "lesson.txt:1:4: 'run' takes a protocol and its options"),
        ("run x \"y\"", "lesson.txt:1:7: 'run' takes the words of 'quorum run'"),
        ("at 1s chapter", "lesson.txt:1:14: missing a quoted chapter name"),
        ("at 1s chapter intro", "lesson.txt:1:15: expected a quoted chapter name"),
        ("at 1s pause now", "lesson.txt:1:13: unexpected 'now' after 'pause'"),
        ("at 1s speed 1/0x", "lesson.txt:1:13: '1/0x' is not a speed from 1/1000x to 100x"),
        ("at 1s speed 500x", "lesson.txt:1:13: '500x' is not a speed"),
        ("at 1s focus n9", "lesson.txt:1:13: unknown node 'n9' (the cluster has n1..n5)"),
        ("at 1s show everything", "lesson.txt:1:12: cannot show 'everything'"),
        ("every 1s pause", "lesson.txt:1:10: 'pause' happens once: write it as 'at TIME pause ...'"),
        ("at 1s predict \"q\" choices a answer a reveal at 2s \"r\" expect leader n1", "lesson.txt:1:29: a prediction offers 2 to 9 choices"),
        ("at 1s predict \"q\" choices a a answer a reveal at 2s \"r\" expect leader n1", "lesson.txt:1:29: choice 'a' is listed twice"),
        ("at 1s predict \"q\" choices a b answer c reveal at 2s \"r\" expect leader n1", "lesson.txt:1:38: the answer 'c' is not one of the choices"),
        ("at 1s predict \"q\" choices a b answer a reveal at 0.5s \"r\" expect leader n1", "lesson.txt:1:50: the reveal comes before the question"),
        ("at 1s predict \"q\" choices a b answer a reveal at 2s \"r\" leader n1", "lesson.txt:1:57: expected 'expect', found 'leader'"),
        ("at 1s predict \"q\" choices a b answer a reveal at 2s \"r\" expect ? role leader", "lesson.txt:1:64: a condition starts with a node, leader, key, committed, count, history, session, safety, read or op, not 'a'"),
        ("at 1s predict \"q\" choices n1 n2 answer n1 reveal 2s", "lesson.txt:1:52: missing the quoted text of the reveal"),
        ("at 1s expect", "lesson.txt:1:13: missing a condition"),
        ("at 1s expect n9 role leader", "lesson.txt:1:14: unknown node 'n9'"),
        ("at 1s expect bogus role leader", "lesson.txt:1:14: a condition starts with a node, leader, key"),
        ("at 1s expect n2 role", "lesson.txt:1:21: missing a value"),
        ("at 1s expect n2 term > many", "lesson.txt:1:24: '>' compares numbers, and 'many' is not one"),
        ("at 1s expect n2 role leader now", "lesson.txt:1:29: unexpected 'now' after the condition"),
        ("at 1s expect key x = 3 on n7", "lesson.txt:1:27: unknown node 'n7'"),
        ("at 1s expect history maybe", "lesson.txt:1:22: unknown verdict 'maybe'"),
        ("at 1s expect session read-your-writes sometimes", "lesson.txt:1:39: expected kept or broken"),
        ("at 1s expect safety maybe", "lesson.txt:1:21: expected kept or broken, found 'maybe'"),
        ("at 1s expect session eventual kept", "lesson.txt:1:22: unknown guarantee 'eventual'"),
        ("at 1s expect ? role leader", "lesson.txt:1:14: '?' stands for a prediction's choice"),
        ("at 1s expect key k siblings many", "lesson.txt:1:"),
    ])
    func errorsNameLineAndColumn(text: String, expected: String) {
        let message = error(text)
        #expect(message?.hasPrefix(expected) == true, "\(text) -> \(message ?? "no error")")
    }
}
