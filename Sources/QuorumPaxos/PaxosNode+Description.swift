import QuorumCore

/// How a Paxos node looks to the shared views: its roles, promised ballot and leader belief, and
/// per slot the proposal it accepted and whether it learned the slot chosen.
extension PaxosNode: NodeDescribing {
    public var roleName: String {
        switch (role, isSingleDecree) {
        case (.follower, false): return "follower"
        case (.candidate, false): return "candidate"
        case (.leader, false): return "leader"
        case (.follower, true): return "acceptor"
        case (.candidate, true): return "preparing"
        case (.leader, true): return "proposing"
        }
    }

    /// The roles this node plays now (every node is an acceptor and a learner; a proposer while
    /// it runs a ballot; the distinguished proposer and learner while it leads, §3).
    public var rolesText: String {
        switch role {
        case .follower: return "acceptor learner"
        case .candidate: return "proposer acceptor learner"
        case .leader: return isSingleDecree ? "proposer acceptor learner" : "distinguished proposer+learner, acceptor"
        }
    }

    public func describe(logTail: Int) -> NodeDescription {
        let roleKind: NodeDescription.RoleKind = switch role {
        case .follower: .follower
        case .candidate: .candidate
        case .leader: isSingleDecree ? .candidate : .leader
        }
        let leader = leaderBelief?.description ?? "?"
        var description = NodeDescription(
            role: roleName, roleKind: roleKind, term: promised.round, commitIndex: executed,
            details: [("roles", rolesText), ("leader", leader)],
            contents: stateMachine.sortedContents)
        description.roleStyleKey = roleName
        let slots = shownSlots(logTail)
        description.log = slots.map { slot in
            let vote = slot <= accepted.count ? accepted[slot - 1] : nil
            let chosen = slot <= learned.count ? learned[slot - 1] : nil
            return NodeDescription.LogCell(index: slot, term: vote?.ballot.round ?? 0, committed: chosen != nil,
                                           label: (chosen ?? vote?.value)?.label ?? "-")
        }
        description.panels = [
            NodePanel(title: "paxos", content: .facts([
                .init("roles", rolesText), .init("promised", promised.description), .init("ballot", ballot.description),
                .init("leader belief", leader), .init("executed", String(executed)), .init("phase 1 retries", String(duels)),
            ])),
            NodePanel(title: "slots", content: .table(columns: ["slot", "accepted", "value", "chosen"],
                                                      rows: slots.suffix(Self.tableRows).map(slotRow))),
        ]
        return description
    }

    /// The slots table shows the newest few (a panel has a few lines).
    static let tableRows = 8

    /// The newest slots this node accepted or learned, oldest first.
    func shownSlots(_ tail: Int) -> [Int] {
        let last = max(accepted.count, learned.count)
        guard last > 0, tail > 0 else { return [] }
        return Array(max(1, last - tail + 1)...last)
    }

    /// `3 | 2.n1 | set x 1 | yes`: the accepted (ballot, value), and whether the slot is known
    /// chosen (with the chosen value when this acceptor accepted another or none).
    func slotRow(_ slot: Int) -> [NodePanel.Cell] {
        let vote = slot <= accepted.count ? accepted[slot - 1] : nil
        let chosen = slot <= learned.count ? learned[slot - 1] : nil
        let phase = chosen != nil ? "phase-chosen" : vote != nil ? "phase-accepted" : nil
        return [NodePanel.Cell(String(slot)), NodePanel.Cell(vote?.ballot.description ?? "-", styleKey: phase),
                NodePanel.Cell(vote?.value.label ?? "-", styleKey: phase),
                NodePanel.Cell(chosen.map { $0 == vote?.value ? "yes" : "yes: " + $0.label } ?? "no", styleKey: phase)]
    }

    /// Changes whenever `describe` would (a cheap summary for the recorder).
    public var descriptionFingerprint: UInt64? {
        let roleWord = switch role { case .follower: 0; case .candidate: 1; case .leader: 2 }
        let words: [Int] = [roleWord, promised.round, promised.node.index, ballot.round, ballot.node.index, leaderBelief?.index ?? -1,
                            executed, duels, accepted.count, learned.count, votesCast, learnsMade]
        return words.reduce(StableHash.fnvOffset) { StableHash.mix($0, UInt64(bitPattern: Int64($1))) }
    }
}
