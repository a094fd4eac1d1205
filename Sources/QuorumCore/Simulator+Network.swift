/// Sending and delivering messages through the simulated network.
extension Simulator {
    /// `extraDelayMicros`: held back by the sender on top of the network's latency (a `delay` node).
    func send(_ payload: Payload<Node.Message>, from: Endpoint, to: Endpoint, extraDelayMicros: Int64 = 0) {
        let betweenNodes = from.node != nil && to.node != nil
        let lost = betweenNodes && networkRandom.chance(network.loss)
        enqueue(payload, from: from, to: to, duplicate: false, lost: lost, extraDelayMicros: extraDelayMicros)
        if betweenNodes && networkRandom.chance(network.duplication) {
            enqueue(payload, from: from, to: to, duplicate: true, lost: false, extraDelayMicros: extraDelayMicros)
        }
    }

    /// The one-way latency range between two endpoints: the pair of datacenters', else the network's.
    private func latencyRange(from: Endpoint, to: Endpoint) -> ClosedRange<Int64> {
        if datacenters != nil, let a = from.node, let b = to.node, let range = datacenters?.latency(from: a, to: b) { return range }
        return network.latencyMinMicros...network.latencyMaxMicros
    }

    private func enqueue(_ payload: Payload<Node.Message>, from: Endpoint, to: Endpoint, duplicate: Bool, lost: Bool, extraDelayMicros: Int64) {
        let range = latencyRange(from: from, to: to)
        var latency = networkRandom.int(in: range) + extraDelayMicros
        if from.node != nil, to.node != nil, networkRandom.chance(network.reordering) {
            latency += networkRandom.int(in: 0...(2 * range.upperBound))
        }
        // The sender's clocks only: copying its whole slot would copy (and retain) its state.
        let clock = from.node.map { nodes[$0.index].clock } ?? VectorClock(counts: [])
        let lamport = from.node.map { nodes[$0.index].lamport } ?? 0
        let envelope = Envelope(
            id: nextMessageID, from: from, to: to, payload: payload, sentAt: now,
            deliverAt: now.adding(micros: latency),
            clock: clock, lamport: lamport,
            isDuplicate: duplicate, isLost: lost)
        nextMessageID += 1
        inFlight[envelope.id] = envelope
        emit(.sent(envelope))
        queue.schedule(.deliver(messageID: envelope.id), at: envelope.deliverAt)
    }

    func deliver(messageID: UInt64) {
        guard let envelope = inFlight[messageID] else { return }
        switch envelope.to {
        case .client(let client):
            inFlight[messageID] = nil
            emit(.delivered(envelope))
            if case .reply(let reply) = envelope.payload { clientReceived(reply, from: envelope.from.node, by: client) }
        case .node(let destination):
            deliver(envelope, to: destination)
        }
    }

    private func deliver(_ envelope: Envelope<Node.Message>, to destination: NodeID) {
        if let reason = dropReason(for: envelope, to: destination) {
            dropDelivery(envelope.id, reason: reason)
            return
        }
        if status(of: destination) == .frozen {
            nodes[destination.index].frozenBacklog.append(.deliver(messageID: envelope.id))
            return
        }
        inFlight[envelope.id] = nil
        emit(.delivered(envelope))
        switch envelope.payload {
        case .protocolMessage(let message):
            handle(.message(from: envelope.from.node!, message), at: destination, causedBy: envelope)
        case .request(let request):
            handle(.client(request), at: destination, causedBy: envelope)
        case .reply:
            preconditionFailure("client replies are addressed to clients")
        }
    }

    private func dropReason(for envelope: Envelope<Node.Message>, to destination: NodeID) -> DropReason? {
        if status(of: destination) == .crashed { return .crashed }
        guard let source = envelope.from.node else { return nil }  // clients reach every live node
        if envelope.isLost { return .loss }
        if !topology.canReach(from: source, to: destination) {
            return topology.cut[source.index][destination.index] ? .cut : .partition
        }
        return nil
    }

    func dropDelivery(_ messageID: UInt64, reason: DropReason) {
        guard let envelope = inFlight.removeValue(forKey: messageID) else { return }
        emit(.dropped(envelope, reason))
    }

    /// Messages in flight in sending order (never in Dictionary order).
    public var messagesInFlight: [Envelope<Node.Message>] {
        inFlight.values.sorted { $0.id < $1.id }
    }
}
