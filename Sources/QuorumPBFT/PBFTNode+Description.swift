import QuorumCore

/// How a PBFT replica looks to the shared views: the view and primary, the watermarks, and a slot
/// per sequence number in the window with how far it got.
extension PBFTNode: NodeDescribing {
    public var roleName: String { changingView ? "view-change" : isPrimary ? "primary" : "backup" }

    public func describe(logTail: Int) -> NodeDescription {
        let roleKind: NodeDescription.RoleKind = changingView ? .candidate : isPrimary ? .leader : .follower
        var description = NodeDescription(
            role: roleName, roleKind: roleKind, term: view, commitIndex: lastExecuted,
            details: [("view", String(view)), ("primary", primary.description), ("executed", String(lastExecuted)),
                      ("stable", String(lowWatermark)), ("h..H", "\(lowWatermark)..\(highWatermark)"),
                      ("pending", String(pendingRequests.count))],
            contents: stateMachine.sortedContents)
        description.roleStyleKey = roleName
        description.cardFacts = [NodePanel.Fact("primary", primary.description), NodePanel.Fact("pending", String(pendingRequests.count))]
        let numbers = slots.keys.sorted().suffix(max(logTail, 0))
        description.panels = [
            NodePanel(title: "view", content: .facts([
                .init("view", String(view)), .init("primary", primary.description),
                .init("h..H", "\(lowWatermark)..\(highWatermark)"), .init("executed", String(lastExecuted)),
                .init("view changes failed", String(failedViewChanges)),
                .init("prepared certificates", String(slots.values.count { $0.prepared != nil })),
            ])),
            // The title sums up the window (the slot table ends each row with it).
            NodePanel(title: "h..H \(lowWatermark)..\(highWatermark)", content: .slots(numbers.map { slotPicture($0) })),
        ]
        // The votes and the executed requests before the slots, which the slot table shows too.
        if lastExecuted > 0 { description.panels.insert(executedPanel(), at: 1) }
        if let newest = slots.keys.max() { description.panels.insert(votesPanel(newest), at: 1) }
        return description
    }

    /// What this replica holds from each replica for one slot: the pre-prepare's digest and the
    /// PREPARE and COMMIT digests by sender, so that equivocation shows as two digests (§4.2).
    func votesPanel(_ sequence: Int) -> NodePanel {
        let slot = slots[sequence]!
        let proposed = slot.prePrepare?.digest
        func cell(_ digest: Digest?) -> NodePanel.Cell {
            guard let digest else { return NodePanel.Cell("-", styleKey: "phase-waiting") }
            return NodePanel.Cell(PBFTMessage.short(digest), styleKey: digest == proposed ? "phase-prepared" : "phase-forged")
        }
        let rows = NodeID.all(count: clusterSize).map { sender -> [NodePanel.Cell] in
            [NodePanel.Cell(sender.description), sender == primary ? cell(proposed) : NodePanel.Cell(""),
             cell(slot.prepares[sender]), cell(slot.commits[sender])]
        }
        return NodePanel(title: "seq \(sequence) by sender", content: .table(columns: ["from", "pre-prep", "prepare", "commit"], rows: rows))
    }

    /// The newest requests executed, by sequence number and digest (two honest replicas that
    /// differ here have broken safety, §4.5.1).
    func executedPanel() -> NodePanel {
        let rows = (max(1, lastExecuted - 2)...lastExecuted).reversed().map { sequence in
            [NodePanel.Cell(String(sequence)), NodePanel.Cell(PBFTMessage.short(executedDigests[sequence - 1]))]
        }
        return NodePanel(title: "executed", content: .table(columns: ["seq", "digest"], rows: rows))
    }

    /// A slot's phase (`pre-prepared`, `prepared`, `committed`, `executed`) and its certificate
    /// count as it fills (`P 1/2`: one of the 2f prepares).
    func slotPicture(_ sequence: Int) -> NodePanel.Slot {
        let slot = slots[sequence]!
        let quorum = 2 * faultTolerance
        if sequence <= lastExecuted { return NodePanel.Slot(number: sequence, phase: "executed", label: "E") }
        guard let prePrepare = slot.prePrepare else {
            return NodePanel.Slot(number: sequence, phase: "waiting", label: slot.prepared == nil ? "-" : "P*")
        }
        if isCommittedLocal(sequence) { return NodePanel.Slot(number: sequence, phase: "committed", label: "C") }
        if slot.sentCommit {
            let commits = slot.commits.values.count { $0 == prePrepare.digest }
            return NodePanel.Slot(number: sequence, phase: "prepared", label: "C \(commits)/\(quorum + 1)")
        }
        let prepares = slot.prepares.filter { $0.value == prePrepare.digest && $0.key != primary }.count
        return NodePanel.Slot(number: sequence, phase: "pre-prepared", label: "P \(prepares)/\(quorum)")
    }
}
