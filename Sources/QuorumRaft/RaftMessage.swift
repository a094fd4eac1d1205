import QuorumCore

/// The messages of Raft (Figure 2), described in the manner of etcd raft.
public enum RaftMessage: ProtocolMessage, Hashable {
    /// RequestVote RPC (§5.2). `lastLogIndex`/`lastLogTerm` let voters check §5.4.1's up-to-date rule.
    case requestVote(term: Int, lastLogIndex: Int, lastLogTerm: Int)
    case requestVoteResponse(term: Int, granted: Bool)
    /// Pre-vote (§9.6): "would you vote for me in `term`?" Changes no one's term.
    case requestPreVote(term: Int, lastLogIndex: Int, lastLogTerm: Int)
    case requestPreVoteResponse(term: Int, granted: Bool)
    /// AppendEntries RPC (§5.3); with no entries it is a heartbeat.
    case appendEntries(term: Int, prevLogIndex: Int, prevLogTerm: Int, entries: [LogEntry], leaderCommit: Int)
    /// `matchIndex` is the last index known to match on success. On a rejection, `rejectedIndex` is
    /// the request's prevLogIndex (so stale rejections can be recognised) and `hintIndex` is where
    /// the leader should try next (§5.3's optimisation).
    case appendEntriesResponse(term: Int, success: Bool, matchIndex: Int, rejectedIndex: Int, hintIndex: Int)

    public var term: Int {
        switch self {
        case .requestVote(let term, _, _), .requestVoteResponse(let term, _),
             .requestPreVote(let term, _, _), .requestPreVoteResponse(let term, _),
             .appendEntries(let term, _, _, _, _), .appendEntriesResponse(let term, _, _, _, _):
            return term
        }
    }

    /// Pre-vote requests and grants carry a proposed term, not one anyone has entered.
    public var isPreVoteProposal: Bool {
        switch self {
        case .requestPreVote: return true
        case .requestPreVoteResponse(_, let granted): return granted
        default: return false
        }
    }

    public var category: MessageCategory {
        switch self {
        case .requestVote, .requestPreVote: return .election
        case .requestVoteResponse, .requestPreVoteResponse: return .electionReply
        case .appendEntries: return .replication
        case .appendEntriesResponse: return .replicationReply
        }
    }

    public var description: String { writtenText }

    /// `MsgVote Term:1 Log:1/2`, in etcd raft's manner, written straight as bytes (recordings
    /// write one per message event).
    public func write(to text: inout [UInt8]) {
        switch self {
        case .requestVote(let term, let index, let lastTerm):
            text.append(text: "MsgVote")
            Self.write(term: term, log: (lastTerm, index), to: &text)
        case .requestVoteResponse(let term, let granted):
            text.append(text: "MsgVoteResp")
            Self.write(term: term, to: &text)
            text.append(text: granted ? " granted" : " rejected")
        case .requestPreVote(let term, let index, let lastTerm):
            text.append(text: "MsgPreVote")
            Self.write(term: term, log: (lastTerm, index), to: &text)
        case .requestPreVoteResponse(let term, let granted):
            text.append(text: "MsgPreVoteResp")
            Self.write(term: term, to: &text)
            text.append(text: granted ? " granted" : " rejected")
        case .appendEntries(let term, let index, let prevTerm, let entries, let commit):
            text.append(text: entries.isEmpty ? "MsgHeartbeat" : "MsgApp")
            Self.write(term: term, log: (prevTerm, index), to: &text)
            Self.write(" Commit:", commit, to: &text)
            if !entries.isEmpty { Self.write(" Entries:", entries.count, to: &text) }
        case .appendEntriesResponse(let term, let success, let match, let rejected, let hint):
            text.append(text: "MsgAppResp")
            Self.write(term: term, to: &text)
            if success {
                Self.write(" Index:", match, to: &text)
            } else {
                Self.write(" Rejected:", rejected, to: &text)
                Self.write(" Hint:", hint, to: &text)
            }
        }
    }

    private static func write(term: Int, log: (term: Int, index: Int)? = nil, to text: inout [UInt8]) {
        write(" Term:", term, to: &text)
        guard let log else { return }
        write(" Log:", log.term, to: &text)
        text.append(UInt8(ascii: "/"))
        text.append(decimal: log.index)
    }

    private static func write(_ label: StaticString, _ value: Int, to text: inout [UInt8]) {
        text.append(text: label)
        text.append(decimal: value)
    }
}
