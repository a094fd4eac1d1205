import QuorumCore

/// The legend: each glyph, bar and marker drawn in its own style, then what it means, for what
/// the protocol shown uses (its roles, its log or key table or slots, its timer).
extension HelpOverlay {
    func legendLines() -> [Line] {
        let glyphs = snapshot.glyphs
        var lines = roleLines()
        lines.append(Line(sample: [(String(glyphs.crashed), .crashed), (" ", .help), (String(glyphs.frozen), .frozen)], meaning: "crashed, frozen node"))
        lines.append(Line(sample: [(glyphs.byzantine, .warning)], meaning: "misbehaving node (b)"))
        let timer = snapshot.nodes.first?.timerName ?? "timer"
        lines.append(Line(sample: [(String(repeating: String(glyphs.timerFull), count: 2), .follower),
                                   (String(repeating: String(glyphs.timerEmpty), count: 2), .dim)],
                          meaning: timer.count > 11 ? "\(timer) timer" : "\(timer) timer, filling"))  // 26 cells at 80x24
        if snapshot.nodes.contains(where: { $0.description.term != nil }) {
            lines.append(Line(sample: [("t3", .follower)], meaning: "term (or view)"))
        }
        if snapshot.nodes.contains(where: { $0.description.commitIndex != nil }) {
            lines.append(Line(sample: [("c21", .dim)], meaning: "commit index"))
        }
        lines += messageLines()
        lines += ringLines()
        lines += snapshot.state.showsDiagram ? diagramLines() : logLines()
        lines.append(Line(sample: [("12", .clockChanged)], meaning: "clock entry just changed"))
        return lines
    }

    /// The ring of tokens, where the nodes sit on one: arcs and tokens by datacenter, the selected
    /// key's token, its replicas, its coordinator.
    private func ringLines() -> [Line] {
        guard snapshot.nodes.contains(where: { $0.description.ring != nil }) else { return [] }
        let glyphs = snapshot.glyphs
        let groups = snapshot.ringGroups
        let arc = String(repeating: String(glyphs.ringArc), count: 2)
        // Short meanings: at 80x24 the legend has two columns of 26 cells for them.
        return [
            Line(sample: groups.prefix(3).map { (arc, StyleRole.ringGroup($0.group)) },
                 meaning: groups.count > 1 ? "ring arcs: " + groups.map(\.name).joined(separator: " ") : "ring of tokens"),
            Line(sample: [(String(glyphs.ringToken), .ringGroup(0))], meaning: "a node's token (vnode)"),
            Line(sample: [(String(glyphs.ringKey), .ringKey), (" x", .ringKey)], meaning: "selected key's token (y)"),
            Line(sample: [("n3", .ringReplica)], meaning: "a replica of that key"),
            Line(sample: [(String(glyphs.ringCoordinator), .ringCoordinator), ("n2", .ringCoordinator)],
                 meaning: "coordinating on that key"),
        ]
    }

    /// The space-time diagram's marks, while it is shown (it takes the log strips' place).
    private func diagramLines() -> [Line] {
        let diagram = DiagramGlyphs(snapshot.glyphs)
        let line = String(snapshot.glyphs.horizontal)
        return [
            Line(sample: [(String(snapshot.glyphs.vertical), .dim)], meaning: "a node's lifeline: time goes down"),
            Line(sample: [(String(RoleStyle.messageGlyph(.replication, snapshot.glyphs)) + "App" + snapshot.glyphs.arrow + "n3", .messageReplication)],
                 meaning: "sent to n3"),
            Line(sample: [(String(diagram.teeRight) + line + "App" + String(diagram.arrowRight), .messageReplication)],
                 meaning: "received: from the lifeline it leaves"),
            Line(sample: [(String(diagram.teeRight) + String(diagram.dashed) + String(snapshot.glyphs.dropped), .dropped)], meaning: "dropped message"),
            Line(sample: [(String(diagram.localMark), .eventRole)], meaning: "a node's own event (role, fault, timeout)"),
        ]
    }

    private func roleLines() -> [Line] {
        var kinds: [NodeDescription.RoleKind] = snapshot.electsLeaders ? [.leader, .candidate, .follower] : []
        for node in snapshot.nodes where !kinds.contains(node.description.roleKind) { kinds.append(node.description.roleKind) }
        return kinds.map { kind in
            let words = Set(snapshot.nodes.filter { $0.description.roleKind == kind }.map(\.description.role)).sorted()
            let sample = NodeDescription(role: "", roleKind: kind)
            let node = FrameSnapshot.NodeView(id: NodeID(0), status: .up, description: sample, timerFraction: nil, timerName: "",
                                              timerRemainingMicros: nil, clock: VectorClock(counts: []), lamport: 0)
            let style = RoleStyle.style(node)
            let own = words.filter { $0 != kind.rawValue }
            let meaning = own.isEmpty ? "\(kind.rawValue)" : "\(kind.rawValue): \(own.joined(separator: ", "))"
            return Line(sample: [(String(RoleStyle.glyph(node, snapshot.glyphs)) + String(RoleStyle.letter(kind)), style)], meaning: meaning)
        }
    }

    private func messageLines() -> [Line] {
        let glyphs = snapshot.glyphs
        let categories: [(MessageCategory, String)] = [
            (.election, "election request"), (.electionReply, "election reply"), (.replication, "replication"),
            (.replicationReply, "replication reply"), (.client, "client message"), (.other, "other message"),
        ]
        // A protocol that elects no leader sends no election messages: their lines would only puzzle.
        let sent = snapshot.electsLeaders ? categories : categories.filter { $0.0 != .election && $0.0 != .electionReply }
        var lines = sent.map { category, meaning in
            Line(sample: [(String(RoleStyle.messageGlyph(category, glyphs)), RoleStyle.messageStyle(category))], meaning: meaning)
        }
        // The protocol's own kinds (a read repair among the replication messages), in their own style.
        var kinds: [NodeDescription.MessageKind] = []
        for kind in snapshot.nodes.flatMap(\.description.messageKinds) where !kinds.contains(kind) { kinds.append(kind) }
        lines += kinds.map { kind in
            Line(sample: [(String(RoleStyle.messageGlyph(kind.category, glyphs)), StyleRole.keyed("message-" + kind.styleKey, fallback: RoleStyle.messageStyle(kind.category)))],
                 meaning: kind.meaning)
        }
        lines.append(Line(sample: [(String(glyphs.dropped), .dropped)], meaning: "message lost here"))
        lines.append(Line(sample: [(String(glyphs.horizontal) + String(glyphs.linkRising) + String(glyphs.vertical), .link)],
                          meaning: "link: messages ride it"))
        lines.append(Line(sample: [(String(glyphs.horizontal), .partition), (String(glyphs.cutLink), .partition),
                                   (String(glyphs.horizontal), .partition)], meaning: "link cut by a partition"))
        lines.append(Line(sample: [(String(glyphs.partition), .partition)], meaning: "partition wall"))
        return lines
    }

    private func logLines() -> [Line] {
        let glyphs = snapshot.glyphs
        if snapshot.keyCellsAreStamped {
            return [
                Line(sample: [("v", .normal), (" @20ms", .dim)], meaning: "value, its timestamp (newest wins)"),
                Line(sample: [(glyphs.differs, .warning)], meaning: "replicas differ"),
            ]
        }
        if snapshot.nodes.contains(where: { $0.description.keyTable != nil }) {
            return [
                Line(sample: [("v", .normal), (" [1,0]", .dim)], meaning: "value, version vector"),
                Line(sample: [("2\(glyphs.times) a|b", .warning)], meaning: "2 siblings (concurrent)"),
                Line(sample: [(glyphs.differs, .warning)], meaning: "replicas differ"),
                Line(sample: [("CONC", .warning)], meaning: "judged concurrent"),
                Line(sample: [("new", .logCommitted), (" old", .dim)], meaning: "judged newer / older"),
            ]
        }
        if snapshot.nodes.allSatisfy({ $0.description.log.isEmpty }), snapshot.nodes.contains(where: { LogView.stripPanel($0) != nil }) {
            return [Line(sample: [("3:P 1/2", .normal)], meaning: "slot 3: phase, votes")]
        }
        return [
            Line(sample: [(" 2", StyleRole.logTerm(2, committed: true)), (" ", .help), (" 3", StyleRole.logTerm(3, committed: true))],
                 meaning: "committed (solid), term"),
            Line(sample: [(" 2", StyleRole.logTerm(2, committed: false)), (" ", .help), (" 3", StyleRole.logTerm(3, committed: false))],
                 meaning: "uncommitted (hollow)"),
            Line(sample: [(String(glyphs.matchMarker), .logMatch)], meaning: "leader's match index"),
            Line(sample: [(String(glyphs.nextMarker), .logNext)], meaning: "leader's next index"),
            Line(sample: [("m21 n23", .dim)], meaning: "match, next in numbers"),
        ]
    }
}
