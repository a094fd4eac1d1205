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

    /// The events collected so far; the tap starts a new batch.
    public func take() -> [SimEvent<Node>] {
        var batch: [SimEvent<Node>] = []
        batch.reserveCapacity(batchSize)
        swap(&batch, &events)
        return batch
    }
}
