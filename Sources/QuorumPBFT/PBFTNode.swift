import QuorumCore

/// A PBFT replica (Castro & Liskov, "Practical Byzantine Fault Tolerance", OSDI 1999; the full
/// version in TOCS 2002) as a pure state machine. n = 3f+1 replicas tolerate f Byzantine ones;
/// comments cite the section of the OSDI paper each rule comes from.
public struct PBFTNode: SimulatedNode {
    public typealias Message = PBFTMessage
    public typealias Storage = PBFTStorage
    public typealias StorageWrite = PBFTStorageWrite
    public typealias Config = PBFTConfig
    public typealias Client = PBFTClient
    public typealias Effects = [NodeEffect<PBFTMessage, Timer, PBFTStorageWrite>]

    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        /// §4.4: a backup waiting for a request to execute, or a replica waiting for a NEW-VIEW.
        case viewChange = "view-change"

        public var description: String { rawValue }
    }

    /// One sequence number's part of the message log (§4.2), for the current view, plus the latest
    /// prepared certificate from any view (what a VIEW-CHANGE carries, §4.4).
    public struct Slot: Sendable, Equatable {
        public internal(set) var prePrepare: PrePrepare?
        /// PREPAREs of the current view, by sender (the replica's own included).
        public internal(set) var prepares: [NodeID: Digest] = [:]
        /// COMMITs of the current view, by sender (the replica's own included).
        public internal(set) var commits: [NodeID: Digest] = [:]
        public internal(set) var prepared: PreparedCertificate?
        /// The replica prepared the request in the current view and sent its COMMIT.
        public internal(set) var sentCommit = false
    }

    public static let protocolName = "pbft"
    public static let primaryTimer = Timer.viewChange

    public let id: NodeID
    public let clusterSize: Int
    public let config: PBFTConfig

    public internal(set) var view = 0 { didSet { durableChanged = true } }
    /// Between sending VIEW-CHANGE for `view` and accepting its NEW-VIEW (§4.4): normal-case
    /// messages are not accepted.
    public internal(set) var changingView = false { didSet { durableChanged = true } }
    /// The log, by sequence number, for h < n <= H.
    public internal(set) var slots = PBFTSlotLog()
    public internal(set) var stableCheckpoint = CheckpointProof.initial { didSet { durableChanged = true } }
    /// CHECKPOINT votes above the low watermark: sequence -> sender -> state digest (§4.3).
    var checkpointVotes: [Int: [NodeID: Digest]] = [:]
    /// This replica's state digest at each checkpoint above the low watermark.
    var ownCheckpoints: [Int: Digest] = [:] { didSet { durableChanged = true } }
    /// This replica's state at each checkpoint above the low watermark and at the stable one
    /// (what it serves in a state transfer).
    var checkpointStates: [Int: PBFTStateMachine] = [:] { didSet { durableChanged = true } }
    /// By sender: its latest CHECKPOINT beyond the window this replica keeps votes for, so a
    /// replica left far behind still learns of a stable checkpoint (memory bounded per sender).
    var farCheckpointVotes: [(sequence: Int, digest: Digest)?]
    /// By sender: the highest view it named in a message (§4.5.2's rule that f+1 replicas in
    /// later views make a replica join them).
    var highestViewHeard: [Int]
    /// The stable checkpoint whose state this replica asked for.
    public internal(set) var transferTarget: CheckpointProof?
    public internal(set) var lastExecuted = 0 { didSet { durableChanged = true } }
    public internal(set) var stateMachine = PBFTStateMachine() { didSet { durableChanged = true } }
    /// The digest executed at each sequence number, n at index n-1 (for checkers and tests).
    public internal(set) var executedDigests: [Digest] = []
    /// The primary's last assigned sequence number.
    public internal(set) var nextSequence = 0 { didSet { durableChanged = true } }
    /// Client requests received and not yet executed (§4.4: a backup's timer runs while it waits).
    public internal(set) var pendingRequests: [ClientRequest] = []
    var timerRunning = false
    /// While changing view without 2f+1 VIEW-CHANGE messages yet, the timer only paces
    /// retransmissions of this replica's own VIEW-CHANGE.
    var awaitingViewChangeQuorum = false
    /// Whether a field of `PBFTDurableState` changed since the last durable write (set by the
    /// fields' observers, so no change can be missed).
    var durableChanged = true
    /// The NEW-VIEW this replica sent as primary of its current view, sent again to a replica
    /// that still asks for the view (its copy was lost).
    var sentNewView: NewView? { didSet { durableChanged = true } }
    /// Successive view changes that did not lead to an executed request (§4.5.2: T doubles each).
    public internal(set) var failedViewChanges = 0 { didSet { durableChanged = true } }
    /// VIEW-CHANGE messages for views at or above the current one: view -> sender -> message.
    var viewChanges: [Int: [NodeID: ViewChange]] = [:] { didSet { durableChanged = true } }
    /// Normal-case messages of a view this replica has not entered yet, replayed when it does
    /// (what retransmission would give; the paper assumes it).
    var deferred: [(from: NodeID, message: PBFTMessage)] = []

    public init(id: NodeID, clusterSize: Int, config: PBFTConfig, storage: PBFTStorage, random: RandomStream) {
        self.id = id
        self.clusterSize = clusterSize
        self.config = config
        self.farCheckpointVotes = Array(repeating: nil, count: clusterSize)
        self.highestViewHeard = Array(repeating: 0, count: clusterSize)
        restore(storage)
    }

    public static func emptyStorage(config: PBFTConfig, clusterSize: Int) -> PBFTStorage { PBFTStorage() }

    public static func apply(_ write: PBFTStorageWrite, to storage: inout PBFTStorage) { write.apply(to: &storage) }

    /// f: the most faulty replicas n = 3f+1 tolerate.
    public var faultTolerance: Int { (clusterSize - 1) / 3 }
    /// §4.2: the primary of view v is replica v mod |R|.
    public func primary(of view: Int) -> NodeID { NodeID(view % clusterSize) }
    public var primary: NodeID { primary(of: view) }
    public var isPrimary: Bool { primary == id }
    public var isLeader: Bool { isPrimary && !changingView }
    public var leaderTerm: Int? { isLeader ? view : nil }
    /// h (§4.3).
    public var lowWatermark: Int { stableCheckpoint.sequence }
    /// H = h + L (§4.3).
    public var highWatermark: Int { lowWatermark + config.logWindow }
    var others: [NodeID] { NodeID.all(count: clusterSize).filter { $0 != id } }

    public mutating func handle(_ input: NodeInput<PBFTMessage, Timer>, into effects: inout Effects) {
        let executedBefore = lastExecuted
        let viewBefore = view
        // A place for the durable write, ahead of every send (filled or removed by `persist`).
        let writeIndex = effects.count
        effects.append(.cancelTimer(.viewChange))
        defer { checkOwnInvariants(executedBefore: executedBefore, viewBefore: viewBefore) }
        defer { persist(executedBefore: executedBefore, at: writeIndex, &effects) }
        switch input {
        case .start:
            // A restarted replica in the middle of a view change sends its VIEW-CHANGE again.
            if changingView {
                awaitingViewChangeQuorum = true
                startTimer(&effects)
            }
        case .timer(.viewChange):
            timerExpired(&effects)
        case .client(let request):
            receiveRequest(request, fromClient: true, &effects)
        case .message(let from, let message):
            step(from: from, message, &effects)
        }
    }

    func checkOwnInvariants(executedBefore: Int, viewBefore: Int) {
        precondition(view >= viewBefore, "PBFT §4.4: views only move forward (\(viewBefore) -> \(view))")
        precondition(lastExecuted >= executedBefore, "PBFT §4.2: execution never goes back")
        precondition(executedDigests.count == lastExecuted, "one executed digest per sequence number")
        precondition(lowWatermark <= lastExecuted, "PBFT §4.3: a replica's stable checkpoint is one it executed")
    }

    mutating func step(from: NodeID, _ message: PBFTMessage, _ effects: inout Effects) {
        guard from != id, from.index < clusterSize else { return }
        defer { if let heard = viewHeard(in: message, from: from) { joinLaterView(heard: heard, from: from, &effects) } }
        switch message {
        case .request(let request):
            receiveRequest(request, fromClient: false, &effects)
        case .prePrepare, .prepare, .commit:
            receiveNormalCase(from: from, message, &effects)
        case .reply:
            return  // replies go to clients, never between replicas
        case .checkpoint(let sequence, let digest):
            receiveCheckpoint(from: from, sequence: sequence, digest: digest, &effects)
        case .viewChange(let change):
            receiveViewChange(from: from, change, &effects)
        case .newView(let newView):
            receiveNewView(from: from, newView, &effects)
        case .fetchState(let sequence, let after):
            serveState(to: from, sequence: sequence, after: after, &effects)
        case .state(let sequence, let snapshot, let after, let executed):
            installState(sequence: sequence, snapshot: snapshot, after: after, executed: executed, &effects)
        }
    }

    /// Normal-case messages of the current view are handled now; those of a later view (or of
    /// the view being changed to) wait until the replica enters it; older ones are discarded.
    mutating func receiveNormalCase(from: NodeID, _ message: PBFTMessage, _ effects: inout Effects) {
        guard let messageView = message.view else { return }
        if messageView > view || (messageView == view && changingView) {
            if deferred.count < 4 * clusterSize * config.logWindow { deferred.append((from, message)) }
            return
        }
        guard messageView == view else { return }
        switch message {
        case .prePrepare(let prePrepare): receivePrePrepare(from: from, prePrepare, &effects)
        case .prepare(_, let sequence, let digest): receivePrepare(from: from, sequence: sequence, digest: digest, &effects)
        case .commit(_, let sequence, let digest): receiveCommit(from: from, sequence: sequence, digest: digest, &effects)
        default: preconditionFailure("not a normal-case message")
        }
    }

    // MARK: - Timers

    /// §4.5.2: T, doubled for each successive view change that failed.
    var viewChangeTimeoutMicros: Int64 {
        config.viewChangeTimeoutMicros << Int64(min(failedViewChanges, 16))
    }

    mutating func startTimer(_ effects: inout Effects) {
        timerRunning = true
        effects.append(.setTimer(.viewChange, afterMicros: viewChangeTimeoutMicros))
    }

    mutating func stopTimer(_ effects: inout Effects) {
        guard timerRunning else { return }
        timerRunning = false
        effects.append(.cancelTimer(.viewChange))
    }

    mutating func timerExpired(_ effects: inout Effects) {
        timerRunning = false
        if changingView, awaitingViewChangeQuorum, highestViewHeard.contains(where: { $0 > view }) {
            // Stuck short of 2f+1 while another replica has moved past this view (the VIEW-CHANGE
            // messages this one missed are no longer sent): follow it one view on, as if the
            // timer of §4.5.2 had expired. A liveness aid of ours; safety does not rest on timers.
            failedViewChanges += 1
            startViewChange(to: view + 1, &effects)
        } else if changingView, awaitingViewChangeQuorum {
            // Messages may be lost (the paper assumes retransmission): send the VIEW-CHANGE again.
            if let own = viewChanges[view]?[id] {
                for peer in others { effects.append(.send(to: peer, .viewChange(own))) }
            }
            timerRunning = true
            effects.append(.setTimer(.viewChange, afterMicros: viewChangeTimeoutMicros))
        } else if changingView {
            // §4.5.2: no NEW-VIEW in time: on to the next view, waiting twice as long.
            failedViewChanges += 1
            startViewChange(to: view + 1, &effects)
        } else {
            // §4.4: a request waited too long (or a person fired the timeout): suspect the primary.
            startViewChange(to: view + 1, &effects)
        }
    }
}
