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
            ])),
            // The title sums up the window (the slot table ends each row with it).
            NodePanel(title: "h..H \(lowWatermark)..\(highWatermark)", content: .slots(numbers.map { slotPicture($0) })),
        ]
        return description
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
