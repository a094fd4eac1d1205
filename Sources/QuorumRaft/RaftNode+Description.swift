import QuorumCore

/// How a Raft node looks to the shared views.
extension RaftNode: NodeDescribing {
    public func describe(logTail: Int) -> NodeDescription {
        let first = max(1, log.lastIndex - logTail + 1)
        let cells = first > log.lastIndex ? [] : (first...log.lastIndex).map { index in
            NodeDescription.LogCell(index: index, term: log[index].term, committed: index <= commitIndex,
                                    label: log[index].command.description)
        }
        let progress = role != .leader ? [] : (0..<clusterSize).filter { $0 != id.index }.map {
            NodeDescription.Progress(node: NodeID($0), match: matchIndex[$0], next: nextIndex[$0])
        }
        var details: [(label: String, value: String)] = [
            ("term", String(currentTerm)),
            ("votedFor", votedFor?.description ?? "none"),
            ("leader", leaderID?.description ?? "unknown"),
            ("log", log.isEmpty ? "empty" : "\(log.lastIndex) entries, last term \(log.lastTerm)"),
            ("commit", String(commitIndex)),
            ("applied", String(lastApplied)),
        ]
        if role == .candidate || role == .preCandidate {
            details.append(("votes", "\(grantedVotes) of \(clusterSize), need \(majority)"))
        }
        if let safetyAlarm { details.append(("ALARM", safetyAlarm)) }
        var description = NodeDescription(
            role: role.rawValue, roleKind: roleKind, term: currentTerm, commitIndex: commitIndex, log: cells,
            progress: progress, details: details, contents: stateMachine.sortedContents)
        description.cardFacts = cardFacts
        return description
    }

    /// For the node's card: a candidate's votes so far (Raft §5.2: a majority elects), a leader's
    /// followers whose log matches its own (§5.3), anyone else's vote in this term.
    private var cardFacts: [NodePanel.Fact] {
        switch role {
        case .candidate, .preCandidate:
            let voters = (0..<clusterSize).filter { votes[$0] == true }.map { NodeID($0).description }
            let mark = grantedVotes >= majority ? " ✓" : ""
            return [NodePanel.Fact("votes", "\(voters.joined(separator: " "))\(mark) \(grantedVotes)/\(majority)")]
        case .leader:
            let inSync = progress(matching: log.lastIndex)
            return [NodePanel.Fact("in sync", "\(inSync)/\(clusterSize - 1)")]
        case .follower:
            return [NodePanel.Fact("votedFor", votedFor?.description ?? "none")]
        }
    }

    private func progress(matching index: Int) -> Int {
        (0..<clusterSize).count { $0 != id.index && matchIndex[$0] >= index }
    }

    /// Everything `describe` reads, folded into one word. The log enters as its last index and
    /// term only: by the Log Matching Property (§5.3) an entry's index and term fix every entry up
    /// to it, and the contents follow from the applied index.
    public var descriptionFingerprint: UInt64? {
        var words: [Int] = [currentTerm, votedFor?.index ?? -1, leaderID?.index ?? -1, log.lastIndex, log.lastTerm, commitIndex,
                            lastApplied, grantedVotes, safetyAlarm?.utf8.count ?? -1]
        switch role {
        case .follower: words.append(0)
        case .preCandidate: words.append(1)
        case .candidate: words.append(2)
        case .leader: words += [3] + matchIndex + nextIndex
        }
        return words.reduce(StableHash.fnvOffset) { StableHash.mix($0, UInt64(bitPattern: Int64($1))) }
    }

    private var roleKind: NodeDescription.RoleKind {
        switch role {
        case .leader: return .leader
        case .candidate, .preCandidate: return .candidate
        case .follower: return .follower
        }
    }
}
