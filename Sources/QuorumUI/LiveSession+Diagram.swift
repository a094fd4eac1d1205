import QuorumCore

extension LiveSession {
    /// The space-time diagram's newest rows (as many as a tall screen shows), newest last; with `e`,
    /// only the selected node's events.
    func diagramRows(limit: Int = 60) -> [DiagramRow] {
        var rows: [DiagramRow] = []
        for event in history.reversed() {
            guard rows.count < limit else { break }
            if state.eventsOfSelectedOnly, !EventClassifier.involves(event.kind, state.selected) { continue }
            if let row = DiagramRow.make(event) { rows.append(row) }
        }
        return rows.reversed()
    }
}
