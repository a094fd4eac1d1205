import QuorumCore
import Testing

@Suite("Simulator: network, lifecycle, clients, causality")
struct SimulatorTests {
    private func simulator(nodes: Int = 3, seed: UInt64 = 1, network: NetworkSettings = NetworkSettings(), config: PingNode.Config = .init()) -> Simulator<PingNode> {
        Simulator(config: SimulationConfig(nodeCount: nodes, seed: seed, network: network, node: config))
    }

    private func record(_ simulator: Simulator<PingNode>) -> () -> [SimEvent<PingNode>] {
        final class Box: @unchecked Sendable { var events: [SimEvent<PingNode>] = [] }
        let box = Box()
        simulator.observers.append { box.events.append($0) }
        return { box.events }
    }

    @Test func latencyStaysInRange() {
        let simulator = simulator(network: NetworkSettings(latencyMinMicros: 3_000, latencyMaxMicros: 7_000))
        let events = record(simulator)
        simulator.run(until: .seconds(1))
        let delivered = events().compactMap { if case .delivered(let envelope) = $0.kind { return envelope } else { return nil } }
        #expect(delivered.count > 200)
        #expect(delivered.allSatisfy { (3_000...7_000).contains($0.deliverAt.micros - $0.sentAt.micros) })
        #expect(Set(delivered.map { $0.deliverAt.micros - $0.sentAt.micros }).count > 50)
    }

    @Test func lossDropsAboutThatShare() {
        let simulator = simulator(network: NetworkSettings(loss: Probability(perMillion: 300_000)))
        simulator.run(until: .seconds(10))
        let share = Double(simulator.stats.messagesDropped) / Double(simulator.stats.messagesSent)
        #expect((0.27...0.33).contains(share), "\(share)")
    }

    @Test func duplicationDeliversCopies() {
        let simulator = simulator(network: NetworkSettings(duplication: Probability(perMillion: 500_000)))
        simulator.run(until: .seconds(2))
        let received = simulator.nodes.map(\.state.received).reduce(0, +)
        let sent = simulator.nodes.map(\.state.sent).reduce(0, +)
        #expect(received > sent + sent / 3)
    }

    @Test func partitionDropsAcrossSidesOnly() {
        let simulator = simulator(nodes: 4)
        simulator.perform(.partition([[NodeID(0), NodeID(1)]]))
        let events = record(simulator)
        simulator.run(until: .seconds(1))
        let drops = events().compactMap { if case .dropped(let envelope, let reason) = $0.kind { return (envelope, reason) } else { return nil } }
        // Ring n1->n2->n3->n4->n1: n2->n3 and n4->n1 cross the partition.
        #expect(!drops.isEmpty)
        #expect(drops.allSatisfy { $0.1 == .partition && [NodeID(1), NodeID(3)].contains($0.0.from.node!) })
        #expect(simulator.nodes[0].state.received == 0 && simulator.nodes[1].state.received > 50)
        simulator.perform(.heal)
        simulator.run(until: .seconds(2))
        #expect(simulator.nodes[0].state.received > 50)
    }

    @Test func crashLosesVolatileStateRestartKeepsStorage() {
        let simulator = simulator()
        simulator.run(until: .seconds(1))
        let persisted = simulator.nodes[1].storage
        #expect(persisted > 0)
        simulator.perform(.kill(.node(NodeID(1))))
        simulator.run(until: .seconds(2))
        #expect(simulator.nodes[1].status == .crashed)
        #expect(simulator.nodes[1].storage == persisted, "a crashed node receives nothing")
        simulator.perform(.restart(NodeID(1)))
        #expect(simulator.nodes[1].state.received == persisted)
        #expect(simulator.nodes[1].state.sent == 0, "volatile state starts over")
        simulator.run(until: .seconds(3))
        #expect(simulator.nodes[1].state.received > persisted)
    }

    // A frozen process handles nothing; its messages and timers wait and run when it continues.
    @Test func freezeHoldsInputsUntilUnfreeze() {
        let simulator = simulator()
        simulator.run(until: .seconds(1))
        simulator.perform(.freeze(NodeID(2)))
        let receivedAtFreeze = simulator.nodes[2].state.received
        let sentAtFreeze = simulator.nodes[2].state.sent
        simulator.run(until: .seconds(2))
        #expect(simulator.nodes[2].state.received == receivedAtFreeze)
        #expect(simulator.nodes[2].state.sent == sentAtFreeze)
        simulator.perform(.unfreeze(NodeID(2)))
        simulator.run(until: SimTime.seconds(2).adding(micros: 1))
        #expect(simulator.nodes[2].state.received > receivedAtFreeze + 50, "held messages delivered on unfreeze")
    }

    // Every delivered message carries the sender's clock, and the receiver's clock dominates it.
    @Test func vectorClocksRespectCausality() {
        let simulator = simulator(nodes: 4)
        var checked = 0
        simulator.observers.append { event in
            guard case .delivered(let envelope) = event.kind, envelope.to.node != nil else { return }
            checked += 1
        }
        var violations = 0
        var previous: [VectorClock] = simulator.nodes.map(\.clock)
        simulator.run(until: .seconds(1)) {
            for slot in simulator.nodes {
                let order = slot.clock.compare(previous[slot.id.index])
                if order != .after && order != .equal { violations += 1 }
            }
            previous = simulator.nodes.map(\.clock)
        }
        #expect(checked > 100)
        #expect(violations == 0)
        // n1 has heard (transitively) from every node around the ring.
        #expect(simulator.nodes[0].clock.counts.allSatisfy { $0 > 0 })
        #expect(simulator.nodes[0].lamport > 100)
    }

    @Test func clientGetsAnswer() {
        let simulator = simulator()
        simulator.perform(.request(NodeID(1), .get(key: "k")))
        simulator.run(until: .seconds(1))
        #expect(simulator.history.count == 1)
        #expect(simulator.history[0].attempts == [NodeID(1)])
        guard case .ok(.value(let value)) = simulator.history[0].outcome else {
            Issue.record("expected a value, got \(simulator.history[0].outcome)")
            return
        }
        #expect(value != nil)
    }

    // A client whose every attempt times out gives up with an unknown outcome, never "failed".
    @Test func clientGivesUpWithUnknownWhenNobodyAnswers() {
        let simulator = simulator()
        for index in 0..<3 { simulator.perform(.kill(.node(NodeID(index)))) }
        simulator.perform(.request(nil, .set(key: "k", value: "v")))
        simulator.run(until: .seconds(10))
        #expect(simulator.history[0].outcome == .unknown)
        #expect(simulator.history[0].attempts.count >= 5)
        #expect(simulator.history[0].completedAt!.micros - simulator.history[0].invokedAt.micros >= 4_000_000)
    }

    @Test func sameSeedSameEventStream() {
        func trace(_ seed: UInt64) -> [String] {
            let simulator = simulator(nodes: 4, seed: seed, network: NetworkSettings(loss: Probability(perMillion: 100_000),
                                                                              duplication: Probability(perMillion: 50_000),
                                                                              reordering: Probability(perMillion: 100_000)))
            let events = record(simulator)
            simulator.perform(.partition([[NodeID(0)]]))
            simulator.schedule(.heal, at: .millis(300))
            simulator.run(until: .seconds(1))
            return events().map(\.description)
        }
        #expect(trace(7) == trace(7))
        #expect(trace(7) != trace(8))
    }

    @Test func scriptActionsRunAtTheirTimes() throws {
        let simulator = simulator()
        let events = record(simulator)
        let scenario = try ScenarioParser(source: "s", nodeCount: 3).parse("at 100ms kill n2\nat 200ms restart n2\nat 250ms say \"hi\"")
        scenario.schedule(on: simulator, until: .seconds(1))
        simulator.run(until: .seconds(1))
        let lifecycle = events().filter {
            switch $0.kind {
            case .crashed, .restarted, .caption: return true
            default: return false
            }
        }
        #expect(lifecycle.map(\.time) == [.millis(100), .millis(200), .millis(250)])
        #expect(lifecycle.map(\.kind.description) == ["n2 crashed", "n2 restarted", "say \"hi\""])
    }
}
