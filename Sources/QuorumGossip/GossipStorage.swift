import QuorumCore

/// What a replica keeps on disk: its keys and counters, and a journal of the client writes it
/// accepted (which run analysis reads to tell lost writes from superseded ones).
public struct GossipStorage: Sendable {
    public internal(set) var registers: [String: KeyVersions] = [:]
    /// Per key, each replica's increments (a grow-only counter CRDT).
    public internal(set) var counters: [String: [UInt64]] = [:]
    public internal(set) var journal: [JournalEntry] = []

    /// One accepted client write.
    public struct JournalEntry: Hashable, Sendable {
        public let key: String
        public let version: StoredVersion
    }

    public init() {}

    /// Keys in sorted order (never Dictionary order).
    public var sortedRegisterKeys: [String] { registers.keys.sorted() }
    public var sortedCounterKeys: [String] { counters.keys.sorted() }

    /// A fingerprint of the replicated state (registers and counters, not the journal): equal on
    /// two replicas exactly when they hold the same versions and counts.
    public var stateFingerprint: UInt64 {
        var hash = StableHash.fnvOffset
        for key in sortedRegisterKeys { hash = StableHash.fnv1a(key + "=" + registers[key]!.summary + ";", into: hash) }
        for key in sortedCounterKeys { hash = StableHash.fnv1a(key + "#" + VectorClock(counts: counters[key]!).description + ";", into: hash) }
        return hash
    }
}

/// One durable change.
public enum GossipStorageWrite: Sendable {
    case register(key: String, KeyVersions)
    case counter(key: String, counts: [UInt64])
    case journal(GossipStorage.JournalEntry)

    func apply(to storage: inout GossipStorage) {
        switch self {
        case .register(let key, let versions): storage.registers[key] = versions
        case .counter(let key, let counts): storage.counters[key] = counts
        case .journal(let entry): storage.journal.append(entry)
        }
    }
}
