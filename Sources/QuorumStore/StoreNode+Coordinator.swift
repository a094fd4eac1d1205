import QuorumCore

/// The coordinator's side: availability, writes, reads, read repair, timeouts.
extension StoreNode {
    /// The level a request asks for (`level=QUORUM` among its options), else the configured one.
    func level(of request: ClientRequest) -> ConsistencyLevel? {
        let name = request.operation.isRead ? "read-level" : "write-level"
        guard let option = request.options.last(where: { $0.name == name || $0.name == "level" }) else {
            return request.operation.isRead ? config.readLevel : config.writeLevel
        }
        return ConsistencyLevel(parsing: option.value)
    }

    mutating func coordinate(_ request: ClientRequest, into effects: inout Effects) {
        guard let level = level(of: request), request.operation.isRead ? level.readable : true else {
            return reply(request.client, request.sequence, .unavailable("refused: no such consistency level"), into: &effects)
        }
        switch request.operation {
        case .get(let key): coordinateRead(request, key: key, level: level, into: &effects)
        case .set(let key, let value): coordinateWrite(request, key: key, value: value, level: level, into: &effects)
        // Refused before anything is sent, so the client records them as failed, not as results.
        case .incr: reply(request.client, request.sequence, .unavailable("refused: incr needs counters; this store has none"), into: &effects)
        case .cas: reply(request.client, request.sequence, .unavailable("refused: cas needs Paxos; this store has none"), into: &effects)
        }
    }

    func reply(_ client: ClientID, _ sequence: UInt64, _ body: ClientReply.Body, into effects: inout Effects) {
        effects.append(.reply(ClientReply(client: client, sequence: sequence, body: body)))
    }

    /// Whether answers from `nodes` (replicas of one key) can meet the requirement.
    func canMeet(_ requirement: ConsistencyLevel.Requirement, with nodes: [NodeID]) -> Bool {
        var perDatacenter = Array(repeating: 0, count: config.datacenterCount)
        for node in nodes { perDatacenter[ring.datacenterOf[node.index]] += 1 }
        return requirement.isMet(total: nodes.count, perDatacenter: perDatacenter)
    }

    /// Cassandra refuses at once, as unavailable, a request whose level the replicas believed up
    /// cannot meet: nothing is sent, so nothing can take effect.
    mutating func requirementIfAvailable(_ request: ClientRequest, key: String, level: ConsistencyLevel,
                                         countingHints: Bool, into effects: inout Effects) -> (ConsistencyLevel.Requirement, [NodeID])? {
        let replicas = replicas(of: key)
        guard let requirement = level.requirement(replicationFactors: config.replicationFactors, localDatacenter: datacenter) else {
            reply(request.client, request.sequence, .unavailable("unavailable: \(level) needs more replicas than the key has"), into: &effects)
            return nil
        }
        let up = replicas.filter { believesUp($0) }
        guard canMeet(requirement, with: countingHints ? replicas : up) else {
            reply(request.client, request.sequence, .unavailable("unavailable: \(level) \(shortfall(requirement, up: up))"), into: &effects)
            return nil
        }
        return (requirement, replicas)
    }

    /// What the replicas believed up lack, as Cassandra's UnavailableException reports it (the
    /// replicas required and those alive where the level counts them): for a per-datacenter level
    /// (LOCAL_*, EACH_QUORUM) the first datacenter short of its share, else the total.
    func shortfall(_ requirement: ConsistencyLevel.Requirement, up: [NodeID]) -> String {
        var upIn = Array(repeating: 0, count: config.datacenterCount)
        for node in up { upIn[ring.datacenterOf[node.index]] += 1 }
        if let short = requirement.perDatacenter.indices.first(where: { upIn[$0] < requirement.perDatacenter[$0] }) {
            return "needs \(requirement.perDatacenter[short]) in dc\(short + 1), \(upIn[short]) up there"
        }
        return "needs \(requirement.total), \(up.count) up"
    }

    // MARK: Writes

    /// Dynamo §4.5 / Cassandra: the write goes to every replica believed up, a hint is kept for each
    /// one believed down (§4.6), and the client is answered after the level's acks. Hints count
    /// toward the level only for ANY and in a sloppy quorum: with every replica up, ANY waits for
    /// one ack as ONE does (Cassandra: "a write must be written to at least one node"; a hint
    /// suffices only for a replica that is down).
    mutating func coordinateWrite(_ request: ClientRequest, key: String, value: String, level: ConsistencyLevel, into effects: inout Effects) {
        let hintsCount = level == .any || config.sloppy
        guard let (requirement, replicas) = requirementIfAvailable(request, key: key, level: level, countingHints: hintsCount, into: &effects) else { return }
        let cell = Cell(value: value, timestampMicros: nextTimestamp(), coordinator: id)
        let requestId = takeRequestId(into: &effects)
        var pending = PendingRequest(client: request.client, sequence: request.sequence, key: key, level: level, requirement: requirement,
                                     cell: cell, targets: replicas, datacenterCount: config.datacenterCount)
        for replica in replicas {
            if replica == id {
                merge(cell, key: key, into: &effects)
                _ = pending.count(replica, datacenter: datacenter)
            } else if believesUp(replica) {
                effects.append(.send(to: replica, .write(id: requestId, key: key, cell: cell)))
            } else {
                addHint(Hint(replica: replica, key: key, cell: cell), into: &effects)
                if hintsCount { _ = pending.count(replica, datacenter: ring.datacenterOf[replica.index]) }
            }
        }
        start(pending, requestId: requestId, into: &effects)
    }

    /// The coordinator's clock, but never the same microsecond twice: Cassandra hands out strictly
    /// increasing timestamps per coordinator (two requests handled in one instant, as after a
    /// freeze, would otherwise tie and be settled by value, not by order).
    mutating func nextTimestamp() -> Int64 {
        lastTimestampMicros = max(wallClockMicros, lastTimestampMicros + 1)
        return lastTimestampMicros
    }

    mutating func start(_ request: PendingRequest, requestId: UInt64, into effects: inout Effects) {
        pending[requestId] = request
        effects.append(.setTimer(.requestTimeout(requestId), afterMicros: config.requestTimeoutMicros))
        if request.isWrite { checkWrite(requestId, into: &effects) } else { checkRead(requestId, into: &effects) }
    }

    mutating func acknowledged(_ requestId: UInt64, by replica: NodeID, into effects: inout Effects) {
        guard pending[requestId]?.isWrite == true else { return }
        _ = pending[requestId]!.count(replica, datacenter: ring.datacenterOf[replica.index])
        checkWrite(requestId, into: &effects)
    }

    private mutating func checkWrite(_ requestId: UInt64, into effects: inout Effects) {
        guard let request = pending[requestId] else { return }
        if request.phase == .gathering, request.isMet {
            pending[requestId]!.phase = .answered
            reply(request.client, request.sequence, .result(.done), into: &effects)
            if config.pbs != nil { scheduleTrialReads(key: request.key, into: &effects) }
        }
        let heardFromAll = request.targets.allSatisfy { request.answered.contains($0) || !believesUp($0) && store.hints.contains(Hint(replica: $0, key: request.key, cell: request.cell!)) }
        if pending[requestId]!.phase == .answered, heardFromAll { finish(requestId, into: &effects) }
    }

    mutating func finish(_ requestId: UInt64, into effects: inout Effects) {
        pending[requestId] = nil
        effects.append(.cancelTimer(.requestTimeout(requestId)))
    }

    /// Not enough answers in time: the client hears "timeout", which promises nothing (the write may
    /// have reached some replicas and will spread from them). Cassandra keeps a hint for every
    /// replica that did not ack a write in time.
    mutating func timeOut(_ requestId: UInt64, into effects: inout Effects) {
        guard let request = pending[requestId] else { return }
        if let cell = request.cell {
            for replica in request.targets where !request.answered.contains(replica) && replica != id {
                addHint(Hint(replica: replica, key: request.key, cell: cell), into: &effects)
            }
        }
        if request.phase != .answered {
            reply(request.client, request.sequence, .result(.error("timeout: \(request.progressText)")), into: &effects)
        }
        pending[requestId] = nil
    }

    // MARK: Reads

    /// Cassandra asks only as many replicas as the level needs: itself first if it is one, then
    /// replicas in its own datacenter, then the others (the snitch's "closest"), in random order
    /// within each group.
    mutating func coordinateRead(_ request: ClientRequest, key: String, level: ConsistencyLevel, into effects: inout Effects) {
        guard let (requirement, replicas) = requirementIfAvailable(request, key: key, level: level, countingHints: false, into: &effects) else { return }
        var local = replicas.filter { $0 != id && believesUp($0) && ring.datacenterOf[$0.index] == datacenter }
        var remote = replicas.filter { believesUp($0) && ring.datacenterOf[$0.index] != datacenter }
        random.shuffle(&local)
        random.shuffle(&remote)
        let candidates = (replicas.contains(id) ? [id] : []) + local + remote
        var chosen: [NodeID] = []
        var perDatacenter = Array(repeating: 0, count: config.datacenterCount)
        for candidate in candidates where !requirement.isMet(total: chosen.count, perDatacenter: perDatacenter) {
            let candidateDatacenter = ring.datacenterOf[candidate.index]
            let helpsDatacenter = perDatacenter[candidateDatacenter] < requirement.perDatacenter[candidateDatacenter]
            guard helpsDatacenter || chosen.count < requirement.total else { continue }
            chosen.append(candidate)
            perDatacenter[candidateDatacenter] += 1
        }
        let requestId = takeRequestId(into: &effects)
        var pending = PendingRequest(client: request.client, sequence: request.sequence, key: key, level: level, requirement: requirement,
                                     cell: nil, targets: chosen, datacenterCount: config.datacenterCount)
        for replica in chosen where replica != id {
            effects.append(.send(to: replica, .read(id: requestId, key: key)))
        }
        if chosen.contains(id) {
            _ = pending.count(id, datacenter: datacenter)
            pending.readCells.append((id, store.cells[key]))
        }
        start(pending, requestId: requestId, into: &effects)
    }

    mutating func answered(_ requestId: UInt64, by replica: NodeID, cell: Cell?, into effects: inout Effects) {
        guard let request = pending[requestId], !request.isWrite, request.phase == .gathering else { return }
        guard pending[requestId]!.count(replica, datacenter: ring.datacenterOf[replica.index]) else { return }
        pending[requestId]!.readCells.append((replica, cell))
        checkRead(requestId, into: &effects)
    }

    /// Once the level's answers are in: the newest cell wins; replicas that answered an older one
    /// are repaired before the client is answered (Cassandra's blocking read repair, for levels
    /// above ONE), so a later read at the same level cannot see older data.
    private mutating func checkRead(_ requestId: UInt64, into effects: inout Effects) {
        guard let request = pending[requestId], request.phase == .gathering, request.isMet else { return }
        let newest = request.readCells.reduce(nil as Cell?) { Cell.newest($0, $1.cell) }
        pending[requestId]!.newest = newest
        let blocking = config.readRepair && request.requirement.count > 1
        var awaiting: [NodeID] = []
        if blocking, let newest {
            for (node, cell) in request.readCells where cell != newest {
                if node == id {
                    merge(newest, key: request.key, into: &effects)
                } else {
                    effects.append(.send(to: node, .readRepair(id: requestId, key: request.key, cell: newest)))
                    awaiting.append(node)
                }
            }
        }
        if awaiting.isEmpty {
            answerRead(requestId, into: &effects)
        } else {
            pending[requestId]!.phase = .repairing
            pending[requestId]!.awaitingRepair = awaiting
        }
    }

    mutating func repaired(_ requestId: UInt64, by replica: NodeID, into effects: inout Effects) {
        guard let request = pending[requestId], request.phase == .repairing else { return }
        pending[requestId]!.awaitingRepair.removeAll { $0 == replica }
        if pending[requestId]!.awaitingRepair.isEmpty { answerRead(requestId, into: &effects) }
    }

    private mutating func answerRead(_ requestId: UInt64, into effects: inout Effects) {
        guard let request = pending[requestId] else { return }
        if let probe = request.trialProbe {
            if request.newest != nil { trialVisible[probe] += 1 }
            return finish(requestId, into: &effects)
        }
        reply(request.client, request.sequence, .result(.value(request.newest?.value)), into: &effects)
        finish(requestId, into: &effects)
    }
}
