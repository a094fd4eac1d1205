import QuorumCore
import Testing
@testable import QuorumRaft

/// Whole-cluster behaviour on the real simulator (latency, clients, faults), with every invariant
/// checked after every step.
@Suite("Raft on the simulator")
struct RaftClusterTests {
    private func simulator(seed: UInt64, nodes: Int = 5, loss: Probability = .zero, preVote: Bool = false) -> Simulator<RaftNode> {
        Simulator(config: SimulationConfig(nodeCount: nodes, seed: seed, network: NetworkSettings(loss: loss),
                                           workload: .standard, node: RaftConfig(preVote: preVote)))
    }

    private func run(_ simulator: Simulator<RaftNode>, until seconds: Double, _ checker: inout RaftInvariantChecker) {
        simulator.run(until: SimTime(micros: Int64(seconds * 1_000_000))) { checker.check(simulator) }
    }

    // The acceptance scenario: isolate the leader of five. The majority elects a new leader and
    // keeps committing; the old leader commits nothing; after heal every log converges.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func isolatedLeaderMajorityContinuesThenLogsConverge(seed: UInt64) throws {
        let simulator = simulator(seed: seed)
        var checker = RaftInvariantChecker(nodeCount: 5)
        run(simulator, until: 3, &checker)
        let oldLeader = try #require(simulator.leader)
        let oldCommit = simulator.nodes[oldLeader.index].state.commitIndex
        let majorityCommitBefore = simulator.nodes.filter { $0.id != oldLeader }.map(\.state.commitIndex).max()!
        simulator.perform(.isolate(oldLeader))
        let okBefore = simulator.history.filter { if case .ok = $0.outcome { return true } else { return false } }.count

        run(simulator, until: 8, &checker)
        let newLeader = try #require(simulator.leader)
        #expect(newLeader != oldLeader)
        #expect(simulator.nodes[newLeader.index].state.currentTerm > simulator.nodes[oldLeader.index].state.log.lastTerm)
        #expect(simulator.nodes[oldLeader.index].state.commitIndex == oldCommit, "the isolated leader committed nothing")
        let majorityCommitAfter = simulator.nodes.filter { $0.id != oldLeader }.map(\.state.commitIndex).max()!
        #expect(majorityCommitAfter > majorityCommitBefore + 5, "the majority kept committing")
        let okAfter = simulator.history.filter { if case .ok = $0.outcome { return true } else { return false } }.count
        #expect(okAfter > okBefore + 5, "clients kept getting answers")

        simulator.perform(.heal)
        run(simulator, until: 10, &checker)
        // Quiesce: stop the clients' effect by letting heartbeats carry the last commit.
        run(simulator, until: 10.5, &checker)
        let logs = simulator.nodes.map(\.state.log)
        let leaderLog = simulator.nodes[simulator.leader!.index].state.log
        #expect(logs.allSatisfy { $0.lastIndex >= leaderLog.lastIndex - 3 })
        let shortest = logs.map(\.lastIndex).min()!
        #expect(Set(logs.map { $0.prefixHash(through: shortest) }).count == 1, "every log converges on one prefix")
        #expect(checker.violations.isEmpty, "\(checker.violations)")
    }

    // After heal with no more client traffic, all logs become identical.
    @Test func logsBecomeIdenticalWhenQuiet() throws {
        let simulator = Simulator<RaftNode>(config: SimulationConfig(nodeCount: 5, seed: 11, workload: .none, node: RaftConfig()))
        var checker = RaftInvariantChecker(nodeCount: 5)
        run(simulator, until: 2, &checker)
        let leader = try #require(simulator.leader)
        simulator.perform(.isolate(leader))
        for index in 0..<5 { simulator.perform(.request(NodeID(index), .set(key: "k\(index)", value: "v"))) }
        run(simulator, until: 5, &checker)
        simulator.perform(.heal)
        run(simulator, until: 8, &checker)
        let logs = simulator.nodes.map(\.state.log)
        #expect(Set(logs.map(\.lastIndex)).count == 1)
        #expect(logs.allSatisfy { $0 == logs[0] })
        #expect(simulator.nodes.allSatisfy { $0.state.commitIndex == logs[0].lastIndex })
        #expect(checker.violations.isEmpty)
    }

    // A sweep in miniature: random faults, invariants after every step, then liveness.
    @Test(arguments: [false, true])
    func randomFaultsKeepSafetyAndRecover(preVote: Bool) {
        for seed in UInt64(1)...12 {
            let simulator = simulator(seed: seed, loss: Probability(perMillion: 50_000), preVote: preVote)
            var checker = RaftInvariantChecker(nodeCount: 5)
            simulator.enableFaults(FaultSettings(until: .seconds(8)))
            run(simulator, until: 8, &checker)
            simulator.endAllFaults()
            let commitAtHeal = simulator.nodes.map(\.state.commitIndex).max()!
            run(simulator, until: 14, &checker)
            #expect(checker.violations.isEmpty, "seed \(seed): \(checker.violations)")
            #expect(simulator.leader != nil, "seed \(seed): no leader after faults ended")
            #expect(simulator.nodes.map(\.state.commitIndex).max()! > commitAtHeal, "seed \(seed): nothing committed after faults ended")
        }
    }

    // VOPR's liveness mode: when the faults end, up to a minority stays crashed or cut off from the
    // rest, and the majority must still complete a new client operation within 10 s.
    @Test(arguments: [false, true])
    func livenessWithAFaultyMinorityStillCommits(preVote: Bool) {
        for seed in UInt64(1)...8 {
            let simulator = simulator(seed: seed, loss: Probability(perMillion: 50_000), preVote: preVote)
            var checker = RaftInvariantChecker(nodeCount: 5)
            simulator.enableFaults(FaultSettings(until: .seconds(6), livenessFaults: .minority))
            run(simulator, until: 6, &checker)
            simulator.endAllFaults()
            let ids = NodeID.all(count: 5)
            let largest = simulator.topology.sides.map(\.count).max() ?? 5
            let faulty = ids.filter { simulator.status(of: $0) == .crashed }.count + (5 - largest)
            #expect((1...2).contains(faulty), "seed \(seed): \(faulty) faulty nodes kept")
            #expect(ids.allSatisfy { simulator.status(of: $0) != .frozen })
            let healedAt = simulator.now
            var probe = simulator.history.count
            simulator.perform(.request(nil, .set(key: "liveness", value: "probe")))
            while simulator.now.micros < healedAt.micros + 10_000_000, simulator.history[probe].outcome == .pending || simulator.history[probe].outcome == .unknown {
                if simulator.history[probe].outcome == .unknown {
                    probe = simulator.history.count
                    simulator.perform(.request(nil, .set(key: "liveness", value: "probe")))
                }
                guard simulator.step() else { break }
                checker.check(simulator)
            }
            #expect(simulator.history[probe].outcome == .ok(.done), "seed \(seed): no progress with a faulty minority")
            #expect(checker.violations.isEmpty, "seed \(seed): \(checker.violations)")
        }
    }

    // A leader of a minority side cannot commit: a client write sent to it never succeeds there.
    @Test func minorityLeaderCannotCommit() throws {
        let simulator = Simulator<RaftNode>(config: SimulationConfig(nodeCount: 5, seed: 3, workload: .none, node: RaftConfig()))
        simulator.run(until: .seconds(2))
        let leader = try #require(simulator.leader)
        let other = NodeID((leader.index + 1) % 5)
        simulator.perform(.partition([[leader, other]]))
        simulator.perform(.request(leader, .set(key: "lost", value: "1")))
        simulator.run(until: SimTime.seconds(2).adding(micros: 100_000))
        #expect(simulator.nodes.allSatisfy { $0.state.stateMachine.read("lost") == nil })
        // The client gives up on the cut-off leader and retries on the majority side, which commits.
        simulator.run(until: .seconds(8))
        #expect(simulator.history[0].outcome == .ok(.done))
        #expect(simulator.history[0].attempts.count > 1)
        #expect(simulator.nodes.filter { $0.id != leader && $0.id != other }.allSatisfy { $0.state.stateMachine.read("lost") == "1" })
    }
}
