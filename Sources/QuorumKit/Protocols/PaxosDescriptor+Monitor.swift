import QuorumCore
import QuorumPaxos

/// Checks Paxos's safety from outside the nodes, after every event: a value is chosen in a slot
/// when a majority of acceptors accepted it at one ballot (Paxos Made Simple §2.1), computed from
/// the votes the acceptors wrote to disk, never from what a learner believes. At most one value
/// may be chosen per slot, and a learner may learn only a chosen value (§2.1's safety
/// requirements). Reports the highest ballot, the chosen slots and the Phase 1 retries.
public final class PaxosRunMonitor: RunMonitor {
    /// The acceptors that voted for one ballot in one slot, and for what.
    struct Tally {
        var ballot: Ballot
        var value: PaxosValue
        var voters: UInt64
    }

    public init() {}

    private var majority = 1
    private var tallies: [[Tally]] = []
    private var chosen: [PaxosValue?] = []
    private(set) var chosenSlots = 0
    private(set) var violations: [String] = []
    private var votesSeen: [Int] = []
    private var learnsSeen: [Int] = []
    /// Phase 1 retries: per node, its count in the current process (and which process).
    private var duelsBefore: [Int] = []
    private var duelsNow: [(incarnation: UInt64, count: Int)] = []

    public func attach(to simulator: Simulator<PaxosNode>) {
        let count = simulator.nodeCount
        majority = count / 2 + 1
        votesSeen = Array(repeating: 0, count: count)
        learnsSeen = Array(repeating: 0, count: count)
        duelsBefore = Array(repeating: 0, count: count)
        duelsNow = Array(repeating: (0, 0), count: count)
    }

    /// Reads only counters (through the array's storage, copying no node record) unless a node
    /// wrote a vote or learned a value.
    public func afterStep(_ simulator: Simulator<PaxosNode>) {
        simulator.nodes.withUnsafeBufferPointer { nodes in
            for index in nodes.indices {
                let votesWritten = nodes[index].storage.votesWritten
                if votesWritten != votesSeen[index] {
                    let recent = nodes[index].storage.recentVotes
                    let new = votesWritten - votesSeen[index]
                    precondition(new <= recent.count, "one input's votes are kept until the next input that votes")
                    for vote in recent.suffix(new) { record(vote, by: index, at: simulator.now) }
                    votesSeen[index] = votesWritten
                }
            }
            for index in nodes.indices {
                let learnsWritten = nodes[index].storage.learnsWritten
                if learnsWritten != learnsSeen[index] {
                    let recent = nodes[index].storage.recentLearns
                    let new = learnsWritten - learnsSeen[index]
                    precondition(new <= recent.count, "one input's learned values are kept until the next input that learns")
                    for learned in recent.suffix(new) { check(learned.slot, learned.value, learnedBy: index, at: simulator.now) }
                    learnsSeen[index] = learnsWritten
                }
                let incarnation = nodes[index].incarnation
                if incarnation != duelsNow[index].incarnation {
                    duelsBefore[index] += duelsNow[index].count
                    duelsNow[index] = (incarnation, 0)
                }
                duelsNow[index].count = nodes[index].state.duels
            }
        }
    }

    /// One acceptor's vote: a majority at one ballot makes the value chosen.
    private func record(_ vote: SlotVote, by acceptor: Int, at time: SimTime) {
        let index = vote.slot - 1
        if tallies.count <= index {
            tallies.append(contentsOf: repeatElement([], count: index + 1 - tallies.count))
            chosen.append(contentsOf: repeatElement(nil, count: index + 1 - chosen.count))
        }
        let bit = UInt64(1) << UInt64(acceptor)
        guard let position = tallies[index].firstIndex(where: { $0.ballot == vote.ballot }) else {
            tallies[index].append(Tally(ballot: vote.ballot, value: vote.value, voters: bit))
            return checkChosen(slot: vote.slot, tally: tallies[index].count - 1, at: time)
        }
        if tallies[index][position].value != vote.value {
            fail("safety (Paxos Made Simple §2.2, one value per proposal number): two values proposed in slot \(vote.slot) at ballot \(vote.ballot): \(tallies[index][position].value) and \(vote.value) (t \(time))")
        }
        tallies[index][position].voters |= bit
        checkChosen(slot: vote.slot, tally: position, at: time)
    }

    private func checkChosen(slot: Int, tally position: Int, at time: SimTime) {
        let tally = tallies[slot - 1][position]
        guard tally.voters.nonzeroBitCount >= majority else { return }
        guard let earlier = chosen[slot - 1] else {
            chosen[slot - 1] = tally.value
            chosenSlots += 1
            return
        }
        if earlier != tally.value {
            fail("safety (Paxos Made Simple §2.1 and P2): two values chosen in slot \(slot): \(earlier), then \(tally.value) at ballot \(tally.ballot) (t \(time))")
        }
    }

    /// §2.1: a learner learns only a value that was chosen.
    private func check(_ slot: Int, _ value: PaxosValue, learnedBy node: Int, at time: SimTime) {
        let known = slot <= chosen.count ? chosen[slot - 1] : nil
        if known != value {
            let what = known.map { "the chosen value is \($0)" } ?? "no majority of acceptors accepted any value"
            fail("safety (Paxos Made Simple §2.1): \(NodeID(node)) learned \(value) in slot \(slot), but \(what) (t \(time))")
        }
    }

    private func fail(_ message: String) {
        if violations.count < 10 { violations.append(message) }
    }

    var duels: Int { duelsBefore.reduce(0, +) + duelsNow.reduce(0) { $0 + $1.count } }

    public func finish(_ simulator: Simulator<PaxosNode>, report: inout RunReport) {
        report.violations += violations
        report.committedEntries = simulator.nodes.map(\.state.executed).max() ?? 0
        let ballot = simulator.nodes.map(\.storage.promised).max() ?? .zero
        report.protocolFields = [
            .init("ballot", json: "\"\(ballot)\"", text: ballot.description),
            .init("chosenSlots", int: chosenSlots),
            .init("duels", int: duels),
            .init("safe", bool: violations.isEmpty),
        ]
    }
}

extension PaxosNode: RunnableNode {
    public static func makeMonitor(_ plan: RunPlan<PaxosNode>) -> PaxosRunMonitor { PaxosRunMonitor() }

    public static func workload(clients: Int) -> WorkloadSettings {
        clients == 0 ? .none : WorkloadSettings(clientCount: clients)
    }

    public static func recordingValues(_ config: PaxosConfig) -> [String: String] {
        ["mode": config.mode.rawValue, "backoff": String(config.backoff), "electionTimeoutMicros": String(config.electionTimeoutMicros),
         "heartbeatIntervalMicros": String(config.heartbeatIntervalMicros), "ignoresPromisedValues": String(config.ignoresPromisedValues)]
    }

    public static func config(fromRecording values: RecordingValues) throws(InputError) -> PaxosConfig {
        guard let mode = PaxosConfig.Mode(rawValue: try values.text("mode")) else { throw values.invalid("mode", "must be multi or single") }
        return PaxosConfig(mode: mode, backoff: try values.flag("backoff"), electionTimeoutMicros: try values.micros("electionTimeoutMicros"),
                           heartbeatIntervalMicros: try values.micros("heartbeatIntervalMicros"),
                           ignoresPromisedValues: try values.flag("ignoresPromisedValues"))
    }
}
