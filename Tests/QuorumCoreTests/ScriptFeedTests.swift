@testable import QuorumCore
import Testing

/// `every` lines are queued one repetition at a time, and the run is the one of queueing them all.
@Suite("Script feed")
struct ScriptFeedTests {
    private func simulator() -> Simulator<PingNode> {
        // A fixed 1 ms latency lands deliveries on the same instants as the script's steps, so the
        // order of ties (sequence numbers) is exercised.
        Simulator(config: SimulationConfig(nodeCount: 3, seed: 5, network: NetworkSettings(latencyMinMicros: 1_000, latencyMaxMicros: 1_000),
                                           node: PingNode.Config()))
    }

    private func trace(_ simulator: Simulator<PingNode>) -> () -> [String] {
        final class Box: @unchecked Sendable { var lines: [String] = [] }
        let box = Box()
        simulator.observers.append { box.lines.append($0.description) }
        return { box.lines }
    }

    @Test func lazyRepetitionsRunExactlyAsQueueingEveryOneUpFront() throws {
        let text = """
            every 1ms say "a"
            every 3ms from 2ms until 40ms heal
            at 5ms kill n2
            at 5ms say "b"
            every 2ms isolate n1
            at 30ms restart n2
            every 7ms from 0ms until 1s timeout n3
            """
        let scenario = try ScenarioParser(source: "s", nodeCount: 3).parse(text)
        let end = SimTime.millis(50)
        let lazy = simulator()
        let lazyTrace = trace(lazy)
        scenario.schedule(on: lazy, until: end)
        let upFront = simulator()
        let upFrontTrace = trace(upFront)
        for item in scenario.timeline(until: end) { upFront.schedule(item.action, at: item.time) }
        lazy.run(until: .millis(60))
        upFront.run(until: .millis(60))
        #expect(lazyTrace().count > 100)
        #expect(lazyTrace() == upFrontTrace())
        #expect(lazyTrace().filter { $0.hasSuffix("say \"a\"") }.count == 50)
    }

    /// Before: ten million queue entries (about 3 GB for a 10 s run) before the first step.
    @Test func everyMicrosecondHoldsOneQueueEntry() throws {
        let scenario = try ScenarioParser(source: "s", nodeCount: 3).parse("every 1us heal\nat 1ms kill n1\n")
        let simulator = simulator()
        let before = simulator.queue.count
        scenario.schedule(on: simulator, until: .seconds(10))
        #expect(simulator.queue.count == before + 2)
        var heals = 0
        simulator.observers.append { if case .healed = $0.kind { heals += 1 } }
        simulator.run(until: .millis(2))
        #expect(heals == 2_000)
        #expect(simulator.queue.count < before + 20)
    }
}
