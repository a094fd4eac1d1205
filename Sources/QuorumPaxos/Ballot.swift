import QuorumCore

/// A proposal number (Paxos Made Simple §2.2: "different proposals have different numbers"):
/// a round, then the proposer's id to break ties, so no two proposers ever use the same ballot.
/// Written `3.n2`; the zero ballot (nothing promised yet) is `0`.
public struct Ballot: Hashable, Comparable, Sendable, CustomStringConvertible, TextWriting {
    public var round: Int
    public var node: NodeID

    public init(round: Int, node: NodeID) {
        self.round = round
        self.node = node
    }

    /// Below every ballot a proposer uses (rounds start at 1).
    public static let zero = Ballot(round: 0, node: NodeID(0))

    public var isZero: Bool { round == 0 }

    public static func < (lhs: Ballot, rhs: Ballot) -> Bool {
        lhs.round != rhs.round ? lhs.round < rhs.round : lhs.node.index < rhs.node.index
    }

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        text.append(decimal: round)
        guard round > 0 else { return }
        text.append(UInt8(ascii: "."))
        text.append(node)
    }
}
