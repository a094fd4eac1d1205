import QuorumCore

/// A Raft server (Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm", 2014),
/// as a pure state machine. Figure 2 of the paper is the specification; comments cite its sections.
public struct RaftNode: SimulatedNode {
    public typealias Message = RaftMessage
    public typealias Storage = RaftStorage
    public typealias StorageWrite = RaftStorageWrite
    public typealias Config = RaftConfig
    public typealias Effects = [NodeEffect<RaftMessage, Timer, RaftStorageWrite>]

    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        /// Followers and candidates: start an election when it fires.
        case election
        /// Leaders: send AppendEntries to every follower.
        case heartbeat
        /// Leaders: step down if no majority was heard from since the last check.
        case checkQuorum

        public var description: String { rawValue }
    }

    public static let protocolName = "raft"
    public static let primaryTimer = Timer.election
    public static var readsLocalClock: Bool { true }

    public let id: NodeID
    public let clusterSize: Int
    public let config: RaftConfig

    // Persistent state on all servers (Figure 2), mirrored in `Storage` through persist effects.
    public internal(set) var currentTerm: Int
    public internal(set) var votedFor: NodeID?
    public internal(set) var log: RaftLog

    // Volatile state on all servers.
    public internal(set) var role: RaftRole = .follower
    public internal(set) var leaderID: NodeID?
    public internal(set) var commitIndex = 0
    public internal(set) var lastApplied = 0
    public internal(set) var stateMachine = KVStateMachine()

    // Volatile state on candidates and leaders.
    /// Per node: nil (no answer yet), true (granted), false (rejected).
    public internal(set) var votes: [Bool?]
    public internal(set) var nextIndex: [Int]
    public internal(set) var matchIndex: [Int]
    /// Followers the leader may stream to optimistically (their last answer was a success).
    var replicating: [Bool]
    /// Followers heard from since the last quorum check.
    var recentlyActive: [Bool]
    /// Client requests this leader appended, by log index, to answer once applied.
    var pendingClients: [Int: ClientRequest] = [:]
    var random: RandomStream
    /// Set when this node was asked to do something a correct Raft never asks (e.g. overwrite a
    /// committed entry). The invariant checker reports it.
    public internal(set) var safetyAlarm: String?
    /// The property a raised alarm breaks, as the invariant checker names it.
    public internal(set) var safetyAlarmProperty = "State Machine Safety"
    /// This process's local clock at the current input (given by the simulator before every input).
    /// Only the leader lease reads it: the dissertation measures "heard from a leader within the
    /// minimum election timeout" in local time (etcd counts ticks for the same purpose).
    var localClockMicros: Int64 = 0
    /// When this node last heard from the leader of its current term.
    var leaderHeardAtMicros: Int64?

    public init(id: NodeID, clusterSize: Int, config: RaftConfig, storage: RaftStorage, random: RandomStream) {
        self.id = id
        self.clusterSize = clusterSize
        self.config = config
        self.currentTerm = storage.currentTerm
        self.votedFor = storage.votedFor
        self.log = storage.log
        self.votes = Array(repeating: nil, count: clusterSize)
        self.nextIndex = Array(repeating: 1, count: clusterSize)
        self.matchIndex = Array(repeating: 0, count: clusterSize)
        self.replicating = Array(repeating: false, count: clusterSize)
        self.recentlyActive = Array(repeating: false, count: clusterSize)
        self.random = random
    }

    public static func emptyStorage(config: RaftConfig, clusterSize: Int) -> RaftStorage { RaftStorage() }

    public static func apply(_ write: RaftStorageWrite, to storage: inout RaftStorage) { write.apply(to: &storage) }

    public var isLeader: Bool { role == .leader }
    public var leaderTerm: Int? { role == .leader ? currentTerm : nil }

    public mutating func readLocalClock(trueTime: SimTime) { localClockMicros = trueTime.micros }

    /// Dissertation §9.6 (and §4.2.3): true while this node has heard from a current leader within
    /// the minimum election timeout. A leader is a current leader to itself.
    var hearsFromLeader: Bool {
        if role == .leader { return true }
        guard leaderID != nil, let heard = leaderHeardAtMicros else { return false }
        return localClockMicros - heard < config.electionTimeoutMinMicros
    }

    var majority: Int { clusterSize / 2 + 1 }


    public mutating func handle(_ input: NodeInput<RaftMessage, Timer>, into effects: inout Effects) {
        let termBefore = currentTerm
        let commitBefore = commitIndex
        defer { checkOwnInvariants(termBefore: termBefore, commitBefore: commitBefore) }
        switch input {
        case .start:
            resetElectionTimer(&effects)
        case .timer(.election):
            if role != .leader {
                if config.preVote { startPreVote(&effects) } else { startElection(&effects) }
            }
        case .timer(.heartbeat):
            if role == .leader { broadcastAppend(&effects, heartbeat: true) }
        case .timer(.checkQuorum):
            if role == .leader { checkQuorum(&effects) }
        case .client(let request):
            handleClient(request, &effects)
        case .message(let from, let message):
            step(from: from, message, &effects)
        }
    }

    /// What a node can check of itself after every input (TigerBeetle style: assert what must
    /// hold). These cannot fail whatever the network or the other nodes do, so a failure is a bug
    /// in this node's code, surfaced at once.
    func checkOwnInvariants(termBefore: Int, commitBefore: Int) {
        precondition(currentTerm >= termBefore, "Raft §5.1: currentTerm never decreases (\(termBefore) -> \(currentTerm))")
        precondition(commitIndex >= commitBefore, "Raft Figure 2: commitIndex never decreases (\(commitBefore) -> \(commitIndex))")
        precondition(commitIndex <= log.lastIndex, "commitIndex \(commitIndex) beyond the last entry \(log.lastIndex)")
        precondition(lastApplied == commitIndex, "Raft Figure 2: committed entries are applied at once (\(lastApplied) of \(commitIndex))")
        precondition(role != .leader || (leaderID == id && votedFor == id), "Raft §5.2: a leader voted for itself in its term")
    }

    /// Dispatches a message after the term rules that apply to every RPC.
    mutating func step(from: NodeID, _ message: RaftMessage, _ effects: inout Effects) {
        // Dissertation §4.2.3: a server that heard from a current leader within the minimum
        // election timeout neither updates its term nor votes for a RequestVote (etcd's lease
        // check, "leader stickiness"). With pre-vote on, a legitimate candidate has already won pre-votes
        // from a majority whose leases had expired; without it the classic disruption stays
        // watchable, as the README promises.
        if config.preVote, case .requestVote = message, message.term > currentTerm, hearsFromLeader {
            effects.append(.annotate(.note("ignored vote request of \(from) for term \(message.term): heard from a leader within the minimum election timeout")))
            return
        }
        // §5.1: a larger term in any request or response makes us a follower of that term, except
        // pre-vote traffic, which carries a term no one has entered yet (§9.6).
        if message.term > currentTerm, !message.isPreVoteProposal {
            let leader: NodeID? = if case .appendEntries = message { from } else { nil }
            becomeFollower(term: message.term, leader: leader, &effects)
        }
        switch message {
        case .requestVote(let term, let lastIndex, let lastTerm):
            handleRequestVote(from: from, term: term, lastLogIndex: lastIndex, lastLogTerm: lastTerm, &effects)
        case .requestVoteResponse(let term, let granted):
            handleVoteResponse(from: from, term: term, granted: granted, &effects)
        case .requestPreVote(let term, let lastIndex, let lastTerm):
            handleRequestPreVote(from: from, term: term, lastLogIndex: lastIndex, lastLogTerm: lastTerm, &effects)
        case .requestPreVoteResponse(let term, let granted):
            handlePreVoteResponse(from: from, term: term, granted: granted, &effects)
        case .appendEntries(let term, let prevIndex, let prevTerm, let entries, let leaderCommit):
            handleAppendEntries(from: from, term: term, prevLogIndex: prevIndex, prevLogTerm: prevTerm,
                                entries: entries, leaderCommit: leaderCommit, &effects)
        case .appendEntriesResponse(let term, let success, let match, let rejected, let hint):
            handleAppendResponse(from: from, term: term, success: success, matchIndex: match,
                                 rejectedIndex: rejected, hintIndex: hint, &effects)
        }
    }

    // MARK: - Role changes

    mutating func becomeFollower(term: Int, leader: NodeID?, _ effects: inout Effects) {
        let wasFollower = role == .follower
        if term > currentTerm {
            currentTerm = term
            votedFor = nil
            persistHardState(&effects)
        }
        role = .follower
        leaderID = leader
        pendingClients = [:]  // their fate is unknown to us now; clients will retry
        effects.append(.cancelTimer(.heartbeat))
        effects.append(.cancelTimer(.checkQuorum))
        if !wasFollower {
            resetElectionTimer(&effects)
            effects.append(.annotate(.role("follower", term: currentTerm)))
        }
    }

    mutating func becomeLeader(_ effects: inout Effects) {
        role = .leader
        leaderID = id
        for peer in 0..<clusterSize {
            // §5.3: nextIndex starts just after the leader's last entry; matchIndex at 0.
            nextIndex[peer] = log.lastIndex + 1
            matchIndex[peer] = 0
            replicating[peer] = false
            recentlyActive[peer] = false
        }
        effects.append(.annotate(.role("leader", term: currentTerm, leads: true)))
        // §8: a no-op entry of the new term lets the leader commit entries of earlier terms.
        appendToOwnLog(.noop, &effects)
        broadcastAppend(&effects, heartbeat: true)
        // A leader has no election timeout (§5.2); it checks its quorum instead.
        effects.append(.cancelTimer(.election))
        effects.append(.setTimer(.checkQuorum, afterMicros: config.electionTimeoutMinMicros))
    }

    mutating func resetElectionTimer(_ effects: inout Effects) {
        // §5.2: randomized election timeouts make split votes rare.
        let timeout = random.int(in: config.electionTimeoutMinMicros...config.electionTimeoutMaxMicros)
        effects.append(.setTimer(.election, afterMicros: timeout))
    }

    mutating func raiseSafetyAlarm(_ message: String, property: String = "State Machine Safety", _ effects: inout Effects) {
        if safetyAlarm == nil { safetyAlarmProperty = property }
        safetyAlarm = safetyAlarm ?? message
        effects.append(.annotate(.note("SAFETY ALARM: \(message)")))
    }

    mutating func persistHardState(_ effects: inout Effects) {
        effects.append(.persist(.hardState(term: currentTerm, votedFor: votedFor)))
    }

    // MARK: - Client requests

    mutating func handleClient(_ request: ClientRequest, _ effects: inout Effects) {
        if config.staleReads, case .get(let key) = request.operation {
            // The unsafe mode: answer from whatever this replica has applied, leader or not.
            effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: .result(.value(stateMachine.read(key))))))
            return
        }
        guard role == .leader else {
            // §8: followers redirect clients to the leader they know.
            effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: .redirect(leaderID))))
            return
        }
        appendToOwnLog(.client(request), &effects, answering: request)
        broadcastAppend(&effects, heartbeat: false)
    }

    /// Proposes a command on the leader, as etcd raft's `Propose` does (used by the benchmark).
    /// Returns false when this node is not the leader.
    @discardableResult
    public mutating func propose(_ command: RaftCommand, into effects: inout Effects) -> Bool {
        guard role == .leader else { return false }
        appendToOwnLog(command, &effects)
        broadcastAppend(&effects, heartbeat: false)
        return true
    }

    /// Appends a new entry of the current term; `request` is answered once the entry is applied.
    mutating func appendToOwnLog(_ command: RaftCommand, _ effects: inout Effects, answering request: ClientRequest? = nil) {
        let entry = LogEntry(term: currentTerm, command: command)
        log.append(entry)
        effects.append(.persist(.entries(from: log.lastIndex, [entry])))
        matchIndex[id.index] = log.lastIndex
        if let request { pendingClients[log.lastIndex] = request }
        if clusterSize == 1 { advanceCommit(&effects) }  // a majority of one
    }

    // MARK: - Applying committed entries

    /// §5.3 / Figure 2: apply entries up to commitIndex, in order; the leader answers clients.
    mutating func applyCommitted(_ effects: inout Effects) {
        while lastApplied < commitIndex {
            lastApplied += 1
            let entry = log[lastApplied]
            let output = stateMachine.apply(entry)
            guard !pendingClients.isEmpty, let request = pendingClients.removeValue(forKey: lastApplied) else { continue }
            if case .client(let applied) = entry.command, applied == request, let output {
                effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: .result(output))))
            }
        }
    }
}
