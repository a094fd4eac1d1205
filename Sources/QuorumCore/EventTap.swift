import Synchronization

/// Collects every event of a simulation by move, for a consumer that works on them later on
/// another thread (the recording writer). Observers get a borrowed event and must copy what they
/// keep; the tap takes the event itself, so the simulation's thread pays no reference counting for
/// it: a plain append.
public final class EventTap<Node: SimulatedNode> {
    /// Events since the last `take()`, in order.
    public private(set) var events: [SimEvent<Node>] = []
    /// Called after every 256th append, so the consumer can hand a full or old batch on without
    /// paying a call per event.
    private let onProgress: (EventTap<Node>) -> Void
    public let batchSize: Int

    public init(batchSize: Int, onProgress: @escaping (EventTap<Node>) -> Void) {
        self.batchSize = batchSize
        self.onProgress = onProgress
        events.reserveCapacity(batchSize)
    }

    func append(_ event: consuming SimEvent<Node>) {
        events.append(event)
        if events.count & 255 == 0 { onProgress(self) }
    }

    /// Emptied batches come back here from the consumer's thread, so that a new batch reuses
    /// memory already mapped instead of a fresh allocation (and its page faults) every time.
    public let spares = SpareBatches<Node>()

    /// The events collected so far; the tap starts a new batch.
    public func take() -> [SimEvent<Node>] {
        var batch = spares.take() ?? []
        batch.reserveCapacity(batchSize)
        swap(&batch, &events)
        return batch
    }
}

/// Empty event arrays with their capacity, handed back by the consumer's thread.
public final class SpareBatches<Node: SimulatedNode>: Sendable {
    private let spares = Mutex<[[SimEvent<Node>]]>([])

    /// Keeps `batch`'s memory for a later batch (its events are dropped here, on the caller's thread).
    public func recycle(_ batch: consuming [SimEvent<Node>]) {
        batch.removeAll(keepingCapacity: true)
        let empty = batch
        spares.withLock { if $0.count < 4 { $0.append(empty) } }
    }

    func take() -> [SimEvent<Node>]? {
        spares.withLock { $0.popLast() }
    }
}
