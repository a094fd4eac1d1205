/// A binary min-heap of scheduled actions ordered by (time, sequence number).
///
/// The sequence number is assigned at scheduling, so two actions due at the same instant always run
/// in the order they were scheduled, in every process.
public struct EventQueue<Action> {
    public struct Entry {
        public let time: SimTime
        public let sequence: UInt64
        public let action: Action

        @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            time.micros != other.time.micros ? time.micros < other.time.micros : sequence < other.sequence
        }
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    public init() {}

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }
    public var nextTime: SimTime? { heap.first?.time }

    public mutating func schedule(_ action: Action, at time: SimTime) {
        heap.append(Entry(time: time, sequence: nextSequence, action: action))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    /// Sets aside `count` sequence numbers for entries queued later with `schedule(_:at:sequence:)`
    /// (a script's lazily queued repetitions); returns the first.
    public mutating func reserveSequences(_ count: UInt64) -> UInt64 {
        defer { nextSequence &+= count }
        return nextSequence
    }

    /// Queues with a sequence number reserved earlier, so the entry keeps its place among others
    /// due at the same instant.
    public mutating func schedule(_ action: Action, at time: SimTime, sequence: UInt64) {
        heap.append(Entry(time: time, sequence: sequence, action: action))
        siftUp(heap.count - 1)
    }

    public mutating func popNext() -> Entry? {
        guard !heap.isEmpty else { return nil }
        if heap.count == 1 { return heap.removeLast() }
        let first = heap[0]
        heap[0] = heap.removeLast()
        siftDown(0)
        return first
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let moving = heap[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard moving.precedes(heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = moving
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let moving = heap[parent]
        let count = heap.count
        while true {
            var best = 2 * parent + 1
            guard best < count else { break }
            if best + 1 < count, heap[best + 1].precedes(heap[best]) { best += 1 }
            guard heap[best].precedes(moving) else { break }
            heap[parent] = heap[best]
            parent = best
        }
        heap[parent] = moving
    }
}
