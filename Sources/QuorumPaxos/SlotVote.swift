import QuorumCore

/// One acceptor's vote: it accepted `value` in `slot` at `ballot` (a promise carries these,
/// Paxos Made Simple §2.2 phase 1(b)).
public struct SlotVote: Hashable, Sendable, CustomStringConvertible, TextWriting {
    public var slot: Int
    public var ballot: Ballot
    public var value: PaxosValue

    public init(slot: Int, ballot: Ballot, value: PaxosValue) {
        self.slot = slot
        self.ballot = ballot
        self.value = value
    }

    public var description: String { writtenText }

    /// `s1@2.n3=set x 1`
    public func write(to text: inout [UInt8]) {
        text.append(UInt8(ascii: "s"))
        text.append(decimal: slot)
        text.append(UInt8(ascii: "@"))
        text.append(ballot)
        text.append(UInt8(ascii: "="))
        text.append(value)
    }
}
