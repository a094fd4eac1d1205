/// A node of the simulated cluster, by its 0-based index. Shown to people as `n1`, `n2`, ...
///
/// Nodes are indexed by small integers so that per-node state lives in arrays, never in a
/// Dictionary or Set whose iteration order would differ between processes.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible, TextWriting {
    public let index: Int

    public init(_ index: Int) { self.index = index }

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        text.append(UInt8(ascii: "n"))
        text.append(decimal: index + 1)
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }

    /// Parses `n3` (1-based, as people write it).
    public init?(parsing text: Substring) {
        guard text.first == "n", let number = Int(text.dropFirst()), number >= 1 else { return nil }
        self.index = number - 1
    }

    public static func all(count: Int) -> [NodeID] { (0..<count).map(NodeID.init) }
}

/// A simulated client session, shown as `c1`, `c2`, ...
public struct ClientID: Hashable, Comparable, Sendable, CustomStringConvertible, TextWriting {
    public let index: Int

    public init(_ index: Int) { self.index = index }

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        text.append(UInt8(ascii: "c"))
        text.append(decimal: index + 1)
    }

    public static func < (lhs: ClientID, rhs: ClientID) -> Bool { lhs.index < rhs.index }
}
