import QuorumCore

/// What a node keeps on disk: the cells of the keys it replicates, and its hints for others.
public struct StoreStorage: Sendable {
    public internal(set) var cells: [String: Cell] = [:]
    /// Hints in the order they were taken.
    public internal(set) var hints: [Hint] = []
    /// How many blocks of request ids the node has claimed: one each start, and one more each time
    /// a life uses up a block (numbers its requests apart from an earlier life's).
    public internal(set) var boots: UInt64 = 0

    public init() {}

    public var sortedKeys: [String] { cells.keys.sorted() }
}

/// One durable change.
public enum StoreStorageWrite: Sendable {
    case cell(key: String, Cell)
    case addHint(Hint)
    case removeHint(Hint)
    case boot(UInt64)

    func apply(to storage: inout StoreStorage) {
        switch self {
        case .cell(let key, let cell): storage.cells[key] = cell
        case .addHint(let hint): storage.hints.append(hint)
        case .removeHint(let hint): storage.hints.removeAll { $0 == hint }
        case .boot(let count): storage.boots = count
        }
    }
}
