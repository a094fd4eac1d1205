import QuorumCore

/// Message mode and the keyboard's client requests. Dropping and delivering a message are cluster
/// inputs like any other (`drop m17`, `deliver m17`): they go through the simulator's one input
/// path, so recordings keep them and replays re-apply them.
extension LiveSession {
    /// `M`: pauses and selects the oldest message in flight.
    func beginMessages() {
        guard let first = simulator.messagesInFlight.first else { return say("no messages in flight") }
        state.paused = true
        restartPacing()
        state.status = nil  // the mode's prompt, not older news
        state.mode = .messages(selected: first.id)
    }

    /// The next or previous message in flight in sending order, wrapping around.
    func moveMessage(by delta: Int) {
        guard case .messages(let current) = state.mode else { return }
        let order = simulator.messagesInFlight.map(\.id)
        guard !order.isEmpty else {
            state.mode = .normal
            return say("no messages in flight")
        }
        let index = order.firstIndex(of: current) ?? order.firstIndex { $0 > current } ?? 0
        state.mode = .messages(selected: order[((index + delta) % order.count + order.count) % order.count])
    }

    /// `x` or Enter: drops the selected message or delivers it now, then selects the next one.
    func steerSelectedMessage(deliver: Bool) {
        guard case .messages(let id) = state.mode else { return }
        guard let envelope = simulator.inFlight[id] else { return say("m\(id) is no longer in flight") }
        simulator.performInteractive(deliver ? .deliverMessage(id) : .dropMessage(id))
        let waits = simulator.inFlight[id] != nil  // a frozen receiver keeps it
        say("\(deliver ? (waits ? "m\(id) waits at its frozen receiver" : "delivered") : "dropped") m\(id) \(envelope)")
        let remaining = simulator.messagesInFlight.map(\.id)
        if let next = remaining.first(where: { $0 > id }) ?? remaining.last {
            state.mode = .messages(selected: next)
        } else {
            state.mode = .normal
        }
    }

    /// A click on a message selects it in message mode. False: no message is drawn there.
    func selectMessage(atX x: Int, y: Int, snapshot: FrameSnapshot, cards: CardLayout, area: Rect) -> Bool {
        guard let id = ClusterView.message(atX: x, y: y, snapshot: snapshot, cards: cards, area: area) else { return false }
        state.paused = true
        restartPacing()
        state.status = nil
        state.mode = .messages(selected: id)
        return true
    }

    /// The selected message's whole description, for the detail panel.
    func messageDetail() -> FrameSnapshot.MessageDetail? {
        guard case .messages(let id) = state.mode, let envelope = simulator.inFlight[id] else { return nil }
        // Its place in id order, counted rather than found by sorting every message each frame.
        let position = simulator.inFlight.keys.count { $0 < id } + 1
        var lines: [(String, String)] = [
            ("from", envelope.from.description), ("to", envelope.to.description),
            ("says", DisplayWidth.sanitize(envelope.payload.description)),
            ("sent", envelope.sentAt.shortDescription),
            ("due", "\(envelope.deliverAt.shortDescription) (in \(Self.milliseconds(envelope.deliverAt.micros - simulator.now.micros)))"),
        ]
        if envelope.isDuplicate { lines.append(("copy", "a duplicate made by the network")) }
        if envelope.isLost { lines.append(("fate", "lost: the network drops it on arrival")) }
        if envelope.from.node != nil { lines.append(("clock", "\(envelope.clock) L\(envelope.lamport)")) }
        lines.append(("keys", "Tab next · x drop · Enter deliver now · Esc"))
        return FrameSnapshot.MessageDetail(heading: "MESSAGE m\(id)  \(position) of \(simulator.inFlight.count) in flight", lines: lines)
    }

    /// `6.7ms`: a short span as a person reads it.
    static func milliseconds(_ micros: Int64) -> String {
        let tenths = (max(0, micros) + 50) / 100
        return "\(tenths / 10).\(tenths % 10)ms"
    }

    // MARK: - Client requests

    /// The request prompt's fields: the key, then (for set and cas) the value; empty takes the
    /// default (`x`, `counter`, a fresh number).
    func applyRequestField() {
        guard case .requestField(let kind, let key, let text) = state.mode else { return }
        guard let key else {
            let chosen = text.isEmpty ? Self.defaultKey(kind) : text
            if kind == .set || kind == .cas { state.mode = .requestField(kind: kind, key: chosen, text: "") } else { sendRequest(kind, key: chosen, value: "") }
            return
        }
        sendRequest(kind, key: key, value: text.isEmpty ? defaultValue : text)
    }

    static func defaultKey(_ kind: RequestKind) -> String { kind == .incr ? "counter" : "x" }

    /// A value no earlier request wrote: one past the number of operations so far.
    var defaultValue: String { String(simulator.history.count + 1) }

    private func sendRequest(_ kind: RequestKind, key: String, value: String) {
        state.mode = .normal
        let node = state.selected
        let operation: ClientOperation
        switch kind {
        case .get: operation = .get(key: key)
        case .set: operation = .set(key: key, value: value)
        case .incr: operation = .incr(key: key)
        case .cas:
            let current = simulator.nodes[node.index].state.describe(logTail: 0).contents.first { $0.key == key }?.value ?? "0"
            operation = .cas(key: key, expected: current, new: value)
        }
        let firstNew = simulator.history.count
        update(.cluster(.request(node, operation)))
        if firstNew < simulator.history.count {
            watchedRequests.append((simulator.history[firstNew].client, operation))
            if watchedRequests.count > 64 { watchedRequests.removeFirst() }
        }
    }

    /// A keyboard request completed: its outcome becomes the caption (`c4 set x=25 → ok, after 34ms`).
    func noteCompletion(_ entry: HistoryEntry) {
        guard let index = watchedRequests.firstIndex(where: { $0.client == entry.client && $0.operation == entry.operation }) else { return }
        watchedRequests.remove(at: index)
        let took = entry.completedAt.map { " after \(Self.milliseconds($0.micros - entry.invokedAt.micros))" } ?? ""
        caption = DisplayWidth.sanitize("\(entry.client) \(entry.operation) → \(entry.outcome),\(took) (op\(entry.id))")
        state.status = nil
    }

    /// The prompt of the request fields.
    func requestPrompt(_ kind: RequestKind, key: String?, text: String) -> String {
        guard let key else {
            return "REQUEST \(kind.rawValue) to \(state.selected)   key: \(text)_   (Enter: \(text.isEmpty ? Self.defaultKey(kind) : text)) · Esc cancels"
        }
        return "REQUEST \(kind.rawValue) \(key) to \(state.selected)   value: \(text)_   (Enter: \(text.isEmpty ? defaultValue : text)) · Esc cancels"
    }
}
