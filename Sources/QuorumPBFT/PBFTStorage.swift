import QuorumCore

/// What a replica keeps on stable storage, so that a restarted replica neither contradicts what it
/// sent before its crash (a second PREPARE or COMMIT for a slot, an older view) nor forgets what it
/// executed. The paper treats a replica that loses its state as faulty; here a crash is not a
/// Byzantine fault. Votes of others, requests waiting and timers are volatile.
public struct PBFTStorage: Sendable {
    public var state: PBFTDurableState?
    /// The message log, updated slot by slot.
    public var slots: [Int: PBFTNode.Slot] = [:]
    /// The digest executed at each sequence number (appended, so a write stays small).
    public var executedDigests: [Digest] = []

    public init() {}
}

/// The durable part of a replica's state.
public struct PBFTDurableState: Sendable, Equatable {
    var view: Int
    var changingView: Bool
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
/// input, the slots it changed, and the digests executed by it, together (one write, so a crash
/// cannot split them).
public enum PBFTStorageWrite: Sendable {
    /// `state` nil: unchanged since the last write.
    case update(PBFTDurableState?, slots: [(Int, PBFTNode.Slot?)], collectedThrough: Int?, executedFrom: Int, executed: [Digest])

    func apply(to storage: inout PBFTStorage) {
        switch self {
        case .update(let state, let slots, let collectedThrough, let from, let executed):
            if let state { storage.state = state }
            if let collectedThrough { storage.slots = storage.slots.filter { $0.key > collectedThrough } }
            for (sequence, slot) in slots { storage.slots[sequence] = slot }
            if storage.executedDigests.count > from { storage.executedDigests.removeLast(storage.executedDigests.count - from) }
            storage.executedDigests.append(contentsOf: executed)
        }
    }
}

extension PBFTNode {
    var durableState: PBFTDurableState {
        PBFTDurableState(view: view, changingView: changingView, stableCheckpoint: stableCheckpoint,
                         ownCheckpoints: ownCheckpoints, checkpointStates: checkpointStates, lastExecuted: lastExecuted,
                         stateMachine: stateMachine, nextSequence: nextSequence, viewChanges: viewChanges,
                         sentNewView: sentNewView, failedViewChanges: failedViewChanges)
    }

    mutating func restore(_ storage: PBFTStorage) {
        guard let state = storage.state else { return }
        view = state.view
        changingView = state.changingView
        slots = PBFTSlotLog(storage.slots)
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
    /// the one that crashed, less its volatile parts), ahead of that input's sends and replies:
    /// the write takes the place `handle` kept for it at `index`. Only what changed is written.
    mutating func persist(executedBefore: Int, at index: Int, _ effects: inout Effects) {
        let from = min(executedBefore, lastExecuted)
        let changes = slots.drainChanges()
        let changedState = durableChanged ? durableState : nil
        durableChanged = false
        guard changedState != nil || !changes.slots.isEmpty || changes.collectedThrough != nil || from < lastExecuted else {
            effects.remove(at: index)
            return
        }
        effects[index] = .persist(.update(changedState, slots: changes.slots, collectedThrough: changes.collectedThrough,
                                          executedFrom: from, executed: Array(executedDigests[from...])))
    }
}
