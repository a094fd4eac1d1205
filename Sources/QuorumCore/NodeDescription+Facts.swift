/// The facts a lesson's conditions read off a node, derived from the picture every protocol
/// already gives of its nodes, so a protocol gets conditions without writing any.
extension NodeDescription {
    /// `role`, `term`, `commit-index`, `log-length`, `last-log-term`, the last judgment of a
    /// version (`judged-order`, `judged-key`), every detail and every
    /// fact of the protocol's panels, under its label made a word (`votedFor` -> `votedfor`,
    /// `view changes` -> `view-changes`).
    public var lessonFacts: [NodePanel.Fact] {
        var facts: [NodePanel.Fact] = [NodePanel.Fact("role", role)]
        if let term { facts.append(NodePanel.Fact("term", String(term))) }
        if let commitIndex { facts.append(NodePanel.Fact("commit-index", String(commitIndex))) }
        if keyTable == nil {
            facts.append(NodePanel.Fact("log-length", String(log.last?.index ?? 0)))
            facts.append(NodePanel.Fact("last-log-term", String(log.last?.term ?? 0)))
        }
        if let judgment {
            facts.append(NodePanel.Fact("judged-order", judgment.order.rawValue))
            facts.append(NodePanel.Fact("judged-key", judgment.key))
        }
        facts += details.map { NodePanel.Fact(Self.factName($0.label), $0.value) }
        for panel in panels {
            if case .facts(let list) = panel.content { facts += list.map { NodePanel.Fact(Self.factName($0.label), $0.value) } }
        }
        return facts
    }

    /// A label as a condition word: lower case, spaces as hyphens.
    public static func factName(_ label: String) -> String {
        label.lowercased().split(separator: " ").joined(separator: "-")
    }
}

extension NodeDescribing {
    public func lessonFacts() -> [NodePanel.Fact] { describe(logTail: Int.max / 2).lessonFacts }
}
