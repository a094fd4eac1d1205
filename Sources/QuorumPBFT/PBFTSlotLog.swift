/// A replica's message log by sequence number (§4.2), which remembers the sequence numbers it
/// changed since the last durable write. The write then carries those slots only: writing the
/// whole log after every input (a copy-on-write snapshot that the next change had to copy) made
/// the cost of an event grow with the log.
public struct PBFTSlotLog: Sendable, Equatable {
    public private(set) var entries: [Int: PBFTNode.Slot]
    /// Sequence numbers changed since `drainChanges`, possibly repeated.
    private var changed: [Int] = []
    /// The highest sequence number discarded by garbage collection (§4.3) since `drainChanges`.
    private var collected: Int?

    init(_ entries: [Int: PBFTNode.Slot] = [:]) { self.entries = entries }

    public static func == (left: PBFTSlotLog, right: PBFTSlotLog) -> Bool { left.entries == right.entries }

    public subscript(sequence: Int) -> PBFTNode.Slot? {
        get { entries[sequence] }
        set {
            changed.append(sequence)
            entries[sequence] = newValue
        }
        _modify {
            changed.append(sequence)
            yield &entries[sequence]
        }
    }

    public subscript(sequence: Int, default value: @autoclosure () -> PBFTNode.Slot) -> PBFTNode.Slot {
        get { entries[sequence] ?? value() }
        _modify {
            changed.append(sequence)
            yield &entries[sequence, default: value()]
        }
    }

    public var keys: Dictionary<Int, PBFTNode.Slot>.Keys { entries.keys }
    public var values: Dictionary<Int, PBFTNode.Slot>.Values { entries.values }
    public var isEmpty: Bool { entries.isEmpty }

    /// §4.3: discards the slots at or below a stable checkpoint.
    mutating func collect(through sequence: Int) {
        entries = entries.filter { $0.key > sequence }
        collected = max(collected ?? sequence, sequence)
    }

    /// What changed since the last call, for a durable write: the slots by sequence number (nil
    /// for one that is gone), in sequence order, and the collection bound.
    mutating func drainChanges() -> (slots: [(Int, PBFTNode.Slot?)], collectedThrough: Int?) {
        defer {
            changed.removeAll(keepingCapacity: true)
            collected = nil
        }
        guard changed.count > 1 else { return (changed.map { ($0, entries[$0]) }, collected) }
        var sequences = changed
        sequences.sort()
        var slots: [(Int, PBFTNode.Slot?)] = []
        for (index, sequence) in sequences.enumerated() where index == 0 || sequences[index - 1] != sequence {
            slots.append((sequence, entries[sequence]))
        }
        return (slots, collected)
    }
}
