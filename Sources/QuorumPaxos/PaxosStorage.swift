import QuorumCore

/// What survives a crash: the acceptor's promised ballot and accepted proposals (Paxos Made Simple
/// §2.2: "an acceptor must remember this information even if it fails and then restarts") and
/// the values the learner learned. Each write is made before the message that depends on it is
/// sent.
///
/// `votesWritten`/`recentVotes` and `learnsWritten`/`recentLearns` let a checker outside the
/// nodes read every vote and every learned value as it reaches the disk: the writes of the
/// latest input that wrote any are kept, and counted.
public struct PaxosStorage: Sendable {
    public internal(set) var promised = Ballot.zero
    /// By slot: the highest-numbered proposal accepted, slot s at index s-1.
    public internal(set) var accepted: [SlotVote?] = []
    /// By slot: the value learned, slot s at index s-1.
    public internal(set) var learned: [PaxosValue?] = []
    public internal(set) var votesWritten = 0
    public internal(set) var learnsWritten = 0
    /// The latest input's votes and learned values, behind one reference (see `CopyOnWrite`).
    struct Recent: Sendable {
        var votes: [SlotVote] = []
        var learns: [(slot: Int, value: PaxosValue)] = []
    }

    var recent = CopyOnWrite(Recent())
    public var recentVotes: [SlotVote] { recent.value.votes }
    public var recentLearns: [(slot: Int, value: PaxosValue)] { recent.value.learns }

    public init() {}
}

/// One durable write. `startsInput` marks the first vote (or learn) written by an input, so the
/// checker's list of recent ones holds exactly that input's.
public enum PaxosStorageWrite: Sendable {
    case promise(Ballot)
    case accept(SlotVote, startsInput: Bool)
    case learn(slot: Int, value: PaxosValue, startsInput: Bool)

    func apply(to storage: inout PaxosStorage) {
        switch self {
        case .promise(let ballot):
            storage.promised = max(storage.promised, ballot)
        case .accept(let vote, let startsInput):
            storage.promised = max(storage.promised, vote.ballot)
            PaxosStorage.grow(&storage.accepted, to: vote.slot)
            storage.accepted[vote.slot - 1] = vote
            if startsInput { storage.recent.value.votes.removeAll(keepingCapacity: true) }
            storage.recent.value.votes.append(vote)
            storage.votesWritten += 1
        case .learn(let slot, let value, let startsInput):
            PaxosStorage.grow(&storage.learned, to: slot)
            storage.learned[slot - 1] = value
            if startsInput { storage.recent.value.learns.removeAll(keepingCapacity: true) }
            storage.recent.value.learns.append((slot, value))
            storage.learnsWritten += 1
        }
    }
}

extension PaxosStorage {
    /// Makes `array` long enough to hold slot `slot`.
    static func grow<T>(_ array: inout [T?], to slot: Int) {
        precondition(slot >= 1, "slots are numbered from 1")
        if array.count < slot { array.append(contentsOf: repeatElement(nil, count: slot - array.count)) }
    }
}
