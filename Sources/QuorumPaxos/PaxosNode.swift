import QuorumCore

/// A Paxos node (Lamport, "Paxos Made Simple", 2001) as a pure state machine. Every node is a
/// proposer, an acceptor and a learner. In Multi-Paxos mode (§3) a distinguished proposer, the
/// leader, runs Phase 1 once for every slot above its commit point and then Phase 2 per command;
/// in single-decree mode (§2) there is one slot and any node may propose. Comments cite the
/// paper's sections and its requirements P1, P2a, P2b and P2c.
public struct PaxosNode: SimulatedNode {
    public typealias Message = PaxosMessage
    public typealias Storage = PaxosStorage
    public typealias StorageWrite = PaxosStorageWrite
    public typealias Config = PaxosConfig
    public typealias Effects = [NodeEffect<PaxosMessage, Timer, PaxosStorageWrite>]

    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        /// A follower that heard no leader, or a proposer whose ballot stalled or was pre-empted:
        /// start Phase 1 with a higher ballot.
        case election
        /// The leader's heartbeat.
        case heartbeat

        public var description: String { rawValue }
    }

    public enum Role: Sendable, Equatable {
        /// Acceptor and learner only (a follower of the leader it believes in).
        case follower
        /// Proposer in Phase 1: it sent prepare and gathers promises.
        case candidate
        /// Proposer in Phase 2: a majority promised its ballot (the leader, in Multi-Paxos).
        case leader
    }

    /// A value this proposer asked the acceptors to accept at its ballot, and who did.
    struct Proposal: Sendable {
        var value: PaxosValue
        var votes: UInt64 = 0
    }

    /// What a proposer gathers and tracks, by slot or request.
    struct Collections: Sendable {
        /// Phase 1: per slot, the highest-numbered proposal the promises reported.
        var reportedVotes: [Int: SlotVote] = [:]
        /// Phase 2: the proposals in flight at this ballot, by slot.
        var proposals: [Int: Proposal] = [:]
        /// Client commands in flight here, so a retry is not proposed twice.
        var proposedRequests: [ClientRequest: Int] = [:]
        /// Clients that asked this node and wait for their answer.
        var waitingClients: [ClientRequest] = []
    }

    var reportedVotes: [Int: SlotVote] {
        get { collections.value.reportedVotes }
        _modify { yield &collections.value.reportedVotes }
    }
    var proposals: [Int: Proposal] {
        get { collections.value.proposals }
        _modify { yield &collections.value.proposals }
    }
    var proposedRequests: [ClientRequest: Int] {
        get { collections.value.proposedRequests }
        _modify { yield &collections.value.proposedRequests }
    }
    var waitingClients: [ClientRequest] {
        get { collections.value.waitingClients }
        _modify { yield &collections.value.waitingClients }
    }

    public static let protocolName = "paxos"
    public static let primaryTimer = Timer.election

    public let id: NodeID
    public let clusterSize: Int
    public let config: PaxosConfig

    // Acceptor and learner state, mirrored on disk by persist effects.
    public internal(set) var promised: Ballot
    public internal(set) var accepted: [SlotVote?]
    public internal(set) var learned: [PaxosValue?]

    // Volatile.
    public internal(set) var role: Role = .follower
    /// The ballot this node last proposed with (zero: never).
    public internal(set) var ballot = Ballot.zero
    public internal(set) var leaderBelief: NodeID?
    /// Every slot up to this one is learned and executed.
    public internal(set) var executed = 0
    public internal(set) var stateMachine = PaxosStateMachine()
    /// Phase 1: the slot this ballot's prepare starts at, who promised, and per slot the
    /// highest-numbered proposal the promises reported.
    public internal(set) var fromSlot = 1
    var promisesFrom: UInt64 = 0
    /// The next free slot (leader).
    public internal(set) var nextSlot = 1
    /// The proposer's collections, behind one reference (see `CopyOnWrite`).
    var collections = CopyOnWrite(Collections())
    /// Single decree: what this proposer wants chosen.
    public internal(set) var ownValue: PaxosValue?
    /// Ballots in a row that were pre-empted (the back-off grows with it).
    public internal(set) var consecutiveFailures = 0
    /// Phase 1 started again after a ballot was pre-empted or stalled.
    public internal(set) var duels = 0
    var highestRoundSeen = 0
    /// Votes written and values learned by this process (for the description's fingerprint).
    var votesCast = 0
    var learnsMade = 0
    var wroteVoteThisInput = false
    var wroteLearnThisInput = false
    var random: RandomStream

    var majority: Int { clusterSize / 2 + 1 }
    var others: Peers { Peers(count: clusterSize, skipping: id.index) }
    var isSingleDecree: Bool { config.mode == .single }

    public init(id: NodeID, clusterSize: Int, config: PaxosConfig, storage: PaxosStorage, random: RandomStream) {
        precondition(clusterSize <= 64, "votes are kept as a 64-bit set")
        self.id = id
        self.clusterSize = clusterSize
        self.config = config
        self.promised = storage.promised
        self.accepted = storage.accepted
        self.learned = storage.learned
        self.random = random
        self.highestRoundSeen = storage.promised.round
        var ignored: Effects = []
        executeReady(&ignored)
    }

    public static func emptyStorage(config: PaxosConfig, clusterSize: Int) -> PaxosStorage { PaxosStorage() }

    public static func apply(_ write: PaxosStorageWrite, to storage: inout PaxosStorage) { write.apply(to: &storage) }

    public var isLeader: Bool { role == .leader && !isSingleDecree }
    /// Ballots order leaderships: the round, then the node.
    public var leaderTerm: Int? { isLeader ? ballot.round * 64 + ballot.node.index : nil }

    public mutating func handle(_ input: NodeInput<PaxosMessage, Timer>, into effects: inout Effects) {
        let executedBefore = executed
        let promisedBefore = promised
        wroteVoteThisInput = false
        wroteLearnThisInput = false
        switch input {
        case .start:
            if !isSingleDecree { setElectionTimer(&effects) }
        case .timer(.election):
            electionTimeout(&effects)
        case .timer(.heartbeat):
            if role == .leader, !isSingleDecree { sendHeartbeats(&effects) }
        case .client(let request):
            receiveClient(request, &effects)
        case .message(let from, let message):
            step(from: from, message, &effects)
        }
        if executed > executedBefore { effects.append(.annotate(.commit(executed))) }
        checkOwnInvariants(executedBefore: executedBefore, promisedBefore: promisedBefore)
    }

    /// What a node can check of itself: these hold whatever the network and the others do.
    func checkOwnInvariants(executedBefore: Int, promisedBefore: Ballot) {
        precondition(promised >= promisedBefore, "Paxos Made Simple §2.2: an acceptor's promise never goes back")
        precondition(executed >= executedBefore, "execution never goes back")
        precondition(role == .follower || ballot <= promised, "a proposer's own acceptor promised its ballot")
    }

    mutating func step(from: NodeID, _ message: PaxosMessage, _ effects: inout Effects) {
        guard from != id, from.index < clusterSize else { return }
        switch message {
        case .prepare(let ballot, let fromSlot): receivePrepare(from: from, ballot: ballot, fromSlot: fromSlot, &effects)
        case .promise(let ballot, _, let votes): receivePromise(from: from, ballot: ballot, votes: votes, &effects)
        case .accept(let ballot, let slot, let value): receiveAccept(from: from, ballot: ballot, slot: slot, value: value, &effects)
        case .accepted(let ballot, let slot): receiveAccepted(from: from, ballot: ballot, slot: slot, &effects)
        case .nack(let ballot, let promised): receiveNack(ballot: ballot, promised: promised, &effects)
        case .chosen(let slot, let value): receiveChosen(from: from, slot: slot, value: value, &effects)
        case .heartbeat(let ballot, let chosenThrough): receiveHeartbeat(from: from, ballot: ballot, chosenThrough: chosenThrough, &effects)
        case .catchUp(let fromSlot): serveCatchUp(to: from, fromSlot: fromSlot, &effects)
        }
    }

    // MARK: - Timers

    /// A follower's wait for the leader: random with back-off (so one node usually times out
    /// first), fixed without.
    mutating func setElectionTimer(_ effects: inout Effects) {
        let base = config.electionTimeoutMicros
        let wait = config.backoff ? random.int(in: base...(2 * base)) : base
        effects.append(.setTimer(.election, afterMicros: wait))
    }

    /// §2.4's remedy for dueling proposers: a pre-empted proposer waits a random time, longer
    /// after each failure in a row, before it tries a higher ballot.
    mutating func setBackoffTimer(_ effects: inout Effects) {
        let base = config.electionTimeoutMicros / 2
        let ceiling = base << Int64(min(consecutiveFailures, 4))
        effects.append(.setTimer(.election, afterMicros: random.int(in: base...(base + ceiling))))
    }

    mutating func electionTimeout(_ effects: inout Effects) {
        if isSingleDecree {
            guard learned.first.flatMap({ $0 }) == nil else { return }
            if ownValue == nil { ownValue = .own(id) }
            startPhase1(&effects)
        } else if role != .leader {
            startPhase1(&effects)
        }
    }

    // MARK: - Clients

    mutating func receiveClient(_ request: ClientRequest, _ effects: inout Effects) {
        if isSingleDecree { return receiveSingleDecreeClient(request, &effects) }
        if let output = stateMachine.cachedOutput(for: request) {
            effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: .result(output))))
            return
        }
        guard !stateMachine.isStale(request) else { return }
        guard role == .leader else {
            // Only the distinguished proposer proposes (§3); a redirect promises nothing was taken.
            effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence,
                                              body: .redirect(role == .candidate ? nil : leaderBelief))))
            return
        }
        waitFor(request)
        guard proposedRequests[request] == nil else { return }
        let slot = nextSlot
        nextSlot += 1
        propose(.request(request), in: slot, &effects)
    }

    /// One decree: a request to a node that learned it is answered at once; otherwise the node
    /// proposes the request (unless it already proposes a value) and answers once it learns.
    mutating func receiveSingleDecreeClient(_ request: ClientRequest, _ effects: inout Effects) {
        if let decided = learned.first.flatMap({ $0 }) {
            effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: singleDecreeAnswer(request, decided))))
            return
        }
        waitFor(request)
        guard ownValue == nil else { return }
        ownValue = .request(request)
        startPhase1(&effects)
    }

    /// The chosen request gets its result. After the decision the state never changes again, so
    /// a read is answered from it; any other command was not chosen and takes no effect, which
    /// the client hears as a refusal it may retry (it never succeeds).
    func singleDecreeAnswer(_ request: ClientRequest, _ decided: PaxosValue) -> ClientReply.Body {
        if decided == .request(request), let output = stateMachine.cachedOutput(for: request) { return .result(output) }
        if case .get(let key) = request.operation { return .result(.value(stateMachine.values[key])) }
        return .unavailable("not chosen: the decree is \(decided)")
    }

    /// The value this node learned in `slot`, if any.
    public func learnedValue(_ slot: Int) -> PaxosValue? { slot >= 1 && slot <= learned.count ? learned[slot - 1] : nil }

    /// The proposal this node accepted in `slot`, if any.
    public func acceptedVote(_ slot: Int) -> SlotVote? { slot >= 1 && slot <= accepted.count ? accepted[slot - 1] : nil }

    mutating func waitFor(_ request: ClientRequest) {
        waitingClients.removeAll { $0.client == request.client }
        waitingClients.append(request)
    }
}
