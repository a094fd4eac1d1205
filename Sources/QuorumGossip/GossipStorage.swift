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

    /// True when both hold the same versions of every key and the same counts (the journal, which
    /// records where writes were accepted, is not replicated state).
    public func holdsSameState(as other: GossipStorage) -> Bool {
        registers == other.registers && counters == other.counters
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
