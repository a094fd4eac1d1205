import QuorumCore

/// The messages of Paxos (Lamport, "Paxos Made Simple", 2001), described in the manner of etcd
/// raft's `MsgVote Term:1 Log:1/2`. Every node plays the three roles; the simulator names the
/// sender.
public enum PaxosMessage: ProtocolMessage, Hashable {
    /// Phase 1(a), §2.2: a prepare request numbered `ballot`, for every slot from `fromSlot` on
    /// (Multi-Paxos, §3: one Phase 1 for all the slots above the new leader's commit point).
    case prepare(ballot: Ballot, fromSlot: Int)
    /// Phase 1(b), §2.2: the promise not to accept a proposal numbered below `ballot`, with the
    /// highest-numbered proposal the acceptor accepted in each slot from `fromSlot` on.
    case promise(ballot: Ballot, fromSlot: Int, accepted: [SlotVote])
    /// Phase 2(a), §2.2: an accept request for `value` in `slot`.
    case accept(ballot: Ballot, slot: Int, value: PaxosValue)
    /// Phase 2(b), §2.2 and §2.3: the acceptor accepted; it tells the distinguished learner.
    case accepted(ballot: Ballot, slot: Int)
    /// The optimisation §2.2 suggests: an acceptor that ignores a prepare or accept request tells
    /// the proposer the higher number it promised, so the proposer abandons its proposal.
    case nack(ballot: Ballot, promised: Ballot)
    /// §2.3: the distinguished learner tells the other learners a value was chosen.
    case chosen(slot: Int, value: PaxosValue)
    /// Multi-Paxos: the leader is alive; it has learned every slot up to `chosenThrough`.
    case heartbeat(ballot: Ballot, chosenThrough: Int)
    /// A learner missing chosen values asks for them from `fromSlot` on (§3: "a learner can ask").
    case catchUp(fromSlot: Int)

    public var category: MessageCategory {
        switch self {
        case .prepare: return .election
        case .promise: return .electionReply
        case .nack: return .other  // a refusal looks unlike any answer that helps
        case .accept, .chosen, .heartbeat: return .replication
        case .accepted, .catchUp: return .replicationReply
        }
    }

    /// By phase, so themes and the legend tell them apart.
    public var styleKey: String? {
        switch self {
        case .prepare: return "prepare"
        case .promise: return "promise"
        case .accept: return "accept"
        case .accepted: return "accepted"
        case .nack: return "nack"
        case .chosen: return "chosen"
        case .heartbeat: return "heartbeat"
        case .catchUp: return "catch-up"
        }
    }

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        switch self {
        case .prepare(let ballot, let fromSlot):
            text.append(text: "Prepare B:")
            text.append(ballot)
            text.append(text: " From:")
            text.append(decimal: fromSlot)
        case .promise(let ballot, let fromSlot, let accepted):
            text.append(text: "Promise B:")
            text.append(ballot)
            text.append(text: " From:")
            text.append(decimal: fromSlot)
            text.append(text: " Acc:")
            if accepted.isEmpty {
                text.append(text: "none")
            } else if accepted.count <= 2 {
                for (index, vote) in accepted.enumerated() {
                    if index > 0 { text.append(UInt8(ascii: ",")) }
                    text.append(vote)
                }
            } else {
                text.append(decimal: accepted.count)
            }
        case .accept(let ballot, let slot, let value):
            text.append(text: "Accept B:")
            text.append(ballot)
            text.append(text: " S:")
            text.append(decimal: slot)
            text.append(UInt8(ascii: " "))
            text.append(value)
        case .accepted(let ballot, let slot):
            text.append(text: "Accepted B:")
            text.append(ballot)
            text.append(text: " S:")
            text.append(decimal: slot)
        case .nack(let ballot, let promised):
            text.append(text: "Nack B:")
            text.append(ballot)
            text.append(text: " Promised:")
            text.append(promised)
        case .chosen(let slot, let value):
            text.append(text: "Chosen S:")
            text.append(decimal: slot)
            text.append(UInt8(ascii: " "))
            text.append(value)
        case .heartbeat(let ballot, let chosenThrough):
            text.append(text: "Heartbeat B:")
            text.append(ballot)
            text.append(text: " Chosen:")
            text.append(decimal: chosenThrough)
        case .catchUp(let fromSlot):
            text.append(text: "CatchUp From:")
            text.append(decimal: fromSlot)
        }
    }
}
