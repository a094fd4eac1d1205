import QuorumCore

/// The trials of `quorum pbs` (Bailis et al., "Probabilistically Bounded Staleness for Practical
/// Partial Quorums", VLDB 2012): the same coordinator and replicas, with the paper's placement
/// of quorums and every message delayed by its leg of the WARS model.
extension StoreNode {
    /// The four legs of WARS (§5.1): Write to a replica, Ack back, Read to a replica, reSponse back.
    enum Leg { case write, ack, read, response }

    /// Sends now, or after the leg's delay in a WARS trial (the network itself adds none there).
    mutating func send(_ message: StoreMessage, to node: NodeID, leg: Leg, into effects: inout Effects) {
        guard case .wars(let write, let ack, let read, let response)? = config.pbs?.placement else {
            return effects.append(.send(to: node, message))
        }
        let distribution: LatencyDistribution
        switch leg {
        case .write: distribution = write
        case .ack: distribution = ack
        case .read: distribution = read
        case .response: distribution = response
        }
        let delay = distribution.sample(&random)
        guard delay > 0 else { return effects.append(.send(to: node, message)) }
        let number = nextDeferredId
        nextDeferredId += 1
        deferred[number] = (node, message)
        effects.append(.setTimer(.deferredSend(number), afterMicros: delay))
    }

    /// §5: once a trial's write committed, the coordinator reads it back after each delay t. These
    /// reads take the coordinator's own path (they count, they do not reply), so that a trial
    /// costs no client round trips.
    mutating func scheduleTrialReads(key: String, into effects: inout Effects) {
        guard let delays = config.pbs?.readDelaysMicros else { return }
        if trialVisible.count != delays.count { trialVisible = Array(repeating: 0, count: delays.count) }
        for (probe, delay) in delays.enumerated() {
            if delay == 0 {
                startTrialRead(key: key, probe: probe, into: &effects)
            } else {
                effects.append(.setTimer(.trialRead(key: key, probe: probe), afterMicros: delay))
            }
        }
    }

    mutating func startTrialRead(key: String, probe: Int, into effects: inout Effects) {
        guard let pbs = config.pbs else { return }
        let request = ClientRequest(client: ClientID(-1), sequence: 0, operation: .get(key: key))
        coordinateTrial(request, pbs: pbs, probe: probe, into: &effects)
    }

    /// A trial's write or read: WARS sends to all N and counts the first W (or R) answers (§5.1);
    /// the k-staleness model sends to exactly W (or R) replicas chosen uniformly at random (§3.1).
    mutating func coordinateTrial(_ request: ClientRequest, pbs: PBSMode, probe: Int? = nil, into effects: inout Effects) {
        let count: Int
        var cell: Cell?
        switch request.operation {
        case .get: count = pbs.readCount
        case .set(_, let value):
            count = pbs.writeCount
            cell = Cell(value: value, timestampMicros: wallClockMicros, coordinator: id)
        case .incr, .cas:
            return reply(request.client, request.sequence, .unavailable("refused: trials only read and write"), into: &effects)
        }
        var targets = NodeID.all(count: pbs.replicas)
        if pbs.placement == .uniformQuorums {
            random.shuffle(&targets)
            targets = Array(targets.prefix(count))
        }
        let requirement = ConsistencyLevel.Requirement(total: count, perDatacenter: Array(repeating: 0, count: config.datacenterCount))
        let requestId = takeRequestId(into: &effects)
        var pending = PendingRequest(client: request.client, sequence: request.sequence, key: request.operation.key, level: count == 1 ? .one : .quorum,
                                     requirement: requirement, cell: cell, targets: targets, datacenterCount: config.datacenterCount)
        pending.trialProbe = probe
        for target in targets {
            if let cell {
                send(.write(id: requestId, key: pending.key, cell: cell), to: target, leg: .write, into: &effects)
            } else {
                send(.read(id: requestId, key: pending.key), to: target, leg: .read, into: &effects)
            }
        }
        start(pending, requestId: requestId, into: &effects)
    }
}
