import QuorumCore

/// A Raft log, 1-indexed as in the paper (index 0 is the empty prefix, term 0).
///
/// Beside the entries it keeps a chained fingerprint of every prefix, so that two logs can be
/// compared up to any index in O(1): equal fingerprints at index i mean equal entries 1...i. The
/// invariant checker and the convergence tests rely on this.
public struct RaftLog: Sendable, Equatable {
    public private(set) var entries: [LogEntry] = []
    private var prefixHashes: [UInt64] = []

    public init() {}

    public init(_ entries: [LogEntry]) {
        for entry in entries { append(entry) }
    }

    public var lastIndex: Int { entries.count }
    public var lastTerm: Int { entries.last?.term ?? 0 }
    public var isEmpty: Bool { entries.isEmpty }

    /// The term at `index`: 0 for index 0, nil past the end.
    @inline(__always)
    public func term(at index: Int) -> Int? {
        if index == 0 { return 0 }
        return index <= entries.count ? entries[index - 1].term : nil
    }

    public subscript(index: Int) -> LogEntry { entries[index - 1] }

    /// The fingerprint of entries 1...index (a constant for the empty prefix).
    @inline(__always)
    public func prefixHash(through index: Int) -> UInt64 {
        index == 0 ? StableHash.fnvOffset : prefixHashes[index - 1]
    }

    static func chain(_ previous: UInt64, _ entry: LogEntry) -> UInt64 {
        StableHash.mix(StableHash.mix(previous, UInt64(entry.term)), entry.command.stableHash)
    }

    public mutating func append(_ entry: LogEntry) {
        prefixHashes.append(RaftLog.chain(prefixHash(through: entries.count), entry))
        entries.append(entry)
    }

    /// Removes the entries from `index` on.
    public mutating func truncate(from index: Int) {
        guard index <= entries.count else { return }
        entries.removeSubrange((index - 1)...)
        prefixHashes.removeSubrange((index - 1)...)
    }

    /// Up to `maxCount` entries starting at `index`.
    public func entries(from index: Int, maxCount: Int) -> [LogEntry] {
        guard index <= entries.count else { return [] }
        let end = min(entries.count, index - 1 + maxCount)
        return Array(entries[(index - 1)..<end])
    }

    /// The first index holding an entry of `term`, searching back from `index` (Raft §5.3's
    /// faster back-off: skip a whole conflicting term in one round trip).
    public func firstIndex(ofTermAt index: Int) -> Int {
        guard let term = term(at: index), index > 0 else { return index }
        var first = index
        while first > 1, entries[first - 2].term == term { first -= 1 }
        return first
    }

    public static func == (lhs: RaftLog, rhs: RaftLog) -> Bool {
        lhs.lastIndex == rhs.lastIndex && lhs.prefixHash(through: lhs.lastIndex) == rhs.prefixHash(through: rhs.lastIndex)
    }
}
