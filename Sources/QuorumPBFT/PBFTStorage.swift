import QuorumCore

/// What a replica keeps on stable storage, so that a restarted replica neither contradicts what it
/// sent before its crash (a second PREPARE or COMMIT for a slot, an older view) nor forgets what it
/// executed. The paper treats a replica that loses its state as faulty; here a crash is not a
/// Byzantine fault. Votes of others, requests waiting and timers are volatile.
public struct PBFTStorage: Sendable {
    public var state: PBFTDurableState?
    /// The digest executed at each sequence number (appended, so a write stays small).
    public var executedDigests: [Digest] = []

    public init() {}
}

/// The durable part of a replica's state.
public struct PBFTDurableState: Sendable {
    var view: Int
    var changingView: Bool
    var slots: [Int: PBFTNode.Slot]
    var stableCheckpoint: CheckpointProof
    var ownCheckpoints: [Int: Digest]
    var checkpointStates: [Int: PBFTStateMachine]
    var lastExecuted: Int
    var stateMachine: PBFTStateMachine
    var nextSequence: Int
    var viewChanges: [Int: [NodeID: ViewChange]]
    var sentNewView: NewView?
    var failedViewChanges: Int
}

/// One durable write, made before the messages of the same input are sent: the state after the
/// input and the digests executed by it, together (one write, so a crash cannot split them).
public enum PBFTStorageWrite: Sendable {
    case snapshot(PBFTDurableState, executedFrom: Int, executed: [Digest])

    func apply(to storage: inout PBFTStorage) {
        switch self {
        case .snapshot(let state, let from, let executed):
            storage.state = state
            if storage.executedDigests.count > from { storage.executedDigests.removeLast(storage.executedDigests.count - from) }
            storage.executedDigests.append(contentsOf: executed)
        }
    }
}

extension PBFTNode {
    var durableState: PBFTDurableState {
        PBFTDurableState(view: view, changingView: changingView, slots: slots, stableCheckpoint: stableCheckpoint,
                         ownCheckpoints: ownCheckpoints, checkpointStates: checkpointStates, lastExecuted: lastExecuted,
                         stateMachine: stateMachine, nextSequence: nextSequence, viewChanges: viewChanges,
                         sentNewView: sentNewView, failedViewChanges: failedViewChanges)
    }

    mutating func restore(_ storage: PBFTStorage) {
        guard let state = storage.state else { return }
        view = state.view
        changingView = state.changingView
        slots = state.slots
        stableCheckpoint = state.stableCheckpoint
        ownCheckpoints = state.ownCheckpoints
        checkpointStates = state.checkpointStates
        lastExecuted = state.lastExecuted
        stateMachine = state.stateMachine
        nextSequence = state.nextSequence
        viewChanges = state.viewChanges
        sentNewView = state.sentNewView
        failedViewChanges = state.failedViewChanges
        executedDigests = storage.executedDigests
        precondition(executedDigests.count == lastExecuted, "the executed digests and the state are written together")
    }

    /// Persists the state after every input (others' votes included, so a restarted replica is
    /// the one that crashed, less its volatile parts), ahead of that input's sends and replies.
    mutating func persist(executedBefore: Int, effectsFrom start: Int, _ effects: inout Effects) {
        let from = min(executedBefore, lastExecuted)
        effects.insert(.persist(.snapshot(durableState, executedFrom: from, executed: Array(executedDigests[from...]))), at: start)
    }
}
