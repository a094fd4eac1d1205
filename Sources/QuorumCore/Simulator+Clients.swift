/// Simulated clients: invocation, retries, redirects, giving up, and the default workload.
extension Simulator {
    func startWorkload() {
        for _ in 0..<config.workload.clientCount {
            let id = ClientID(clients.count)
            clients.append(ClientSession(id: id, isWorkload: true, clusterSize: nodeCount))
            scheduleWake(id, .think, after: clientRandom.int(in: 0...config.workload.thinkMaxMicros))
        }
    }

    /// Workload clients finish their current operation and start no new one (a quiet period).
    public func stopWorkload() { workloadStopped = true }

    /// Starts an operation on an idle script client (a new one if all are busy).
    func invokeFromScript(_ operation: ClientOperation, at target: NodeID?) {
        let id = clients.first { !$0.isWorkload && $0.isIdle }?.id ?? {
            let id = ClientID(clients.count)
            clients.append(ClientSession(id: id, isWorkload: false, clusterSize: nodeCount))
            return id
        }()
        invoke(operation, by: id, at: target)
    }

    func invoke(_ operation: ClientOperation, by id: ClientID, at target: NodeID?) {
        if config.workload.readsBeforeWrites, case .set(let key, _) = operation, clients[id.index].writeAfterRead == nil {
            // Read-modify-write (Dynamo §4.4, Riak): read the key first, then write with its context.
            clients[id.index].writeAfterRead = ClientSession.PendingWrite(operation: operation, target: target)
            return invoke(.get(key: key), by: id, at: target)
        }
        let sequence = clients[id.index].nextSequence
        clients[id.index].nextSequence += 1
        let entry = HistoryEntry(id: history.count, client: id, sequence: sequence, operation: operation, invokedAt: now)
        history.append(entry)
        clients[id.index].current = entry.id
        clients[id.index].currentSequence = sequence
        clients[id.index].mayHaveTakenEffect = false
        emit(.invoked(entry))
        let context = operation.isRead ? nil : clients[id.index].contexts[operation.key]
        let request = ClientRequest(client: id, sequence: sequence, operation: operation, context: context,
                                    options: workloadOptions + clients[id.index].strategy.options(for: operation))
        clients[id.index].currentRequest = request
        clients[id.index].strategy.begin(request)
        attempt(id, at: target.map { [$0] } ?? chooseTargets(for: id, failed: []))
    }

    private func attempt(_ id: ClientID, at nodes: [NodeID]) {
        guard let current = clients[id.index].current, let request = clients[id.index].currentRequest else { return }
        clients[id.index].targets = nodes
        clients[id.index].strategy.sent(to: nodes)
        for node in nodes {
            history[current].attempts.append(node)
            send(.request(request), from: .client(id), to: .node(node))
        }
        scheduleWake(id, .attemptTimeout, after: config.clients.attemptTimeoutMicros)
    }

    /// The protocol's choice of where the next attempt goes.
    private func chooseTargets(for id: ClientID, failed: [NodeID]) -> [NodeID] {
        let targets = clients[id.index].strategy.targets(failed: failed, random: &clientRandom)
        precondition(!targets.isEmpty && targets.allSatisfy { $0.index < nodeCount }, "a client attempt goes to nodes of the cluster")
        return targets
    }

    func clientReceived(_ reply: ClientReply, from node: NodeID?, by id: ClientID) {
        guard clients[id.index].current != nil, reply.sequence == clients[id.index].currentSequence, let node else {
            return  // an answer to an operation that already completed
        }
        switch clients[id.index].strategy.received(reply, from: node) {
        case .complete(let output):
            if let context = reply.context, let current = clients[id.index].current {
                clients[id.index].contexts[history[current].operation.key] = context
            }
            complete(id, .ok(output))
        case .retry(let nodes): attempt(id, at: nodes)
        case .retryLater: retryLater(id)
        case .wait: break
        case .fail(let reason): complete(id, clients[id.index].mayHaveTakenEffect ? .unknown : .failed(reason))
        case .outcomeUnknown: complete(id, .unknown)
        }
    }

    private func retryLater(_ id: ClientID) {
        if giveUpIfTooLate(id) { return }
        scheduleWake(id, .backoff, after: config.clients.retryBackoffMicros)
    }

    func wakeClient(_ id: ClientID, generation: UInt64) {
        guard clients[id.index].wakeGeneration == generation else { return }
        switch clients[id.index].wake {
        case .think:
            if clients[id.index].isIdle, !workloadStopped { invoke(nextWorkloadOperation(for: id), by: id, at: nil) }
        case .attemptTimeout:
            // The request or its reply may be lost, or the node may have accepted it: unknown fate.
            clients[id.index].mayHaveTakenEffect = true
            if giveUpIfTooLate(id) { return }
            attempt(id, at: chooseTargets(for: id, failed: clients[id.index].targets))
        case .backoff:
            if giveUpIfTooLate(id) { return }
            attempt(id, at: chooseTargets(for: id, failed: []))
        }
    }

    private func giveUpIfTooLate(_ id: ClientID) -> Bool {
        guard let current = clients[id.index].current,
              now.micros - history[current].invokedAt.micros >= config.clients.giveUpAfterMicros else { return false }
        complete(id, clients[id.index].mayHaveTakenEffect ? .unknown : .failed("no node accepted it"))
        return true
    }

    private func complete(_ id: ClientID, _ outcome: HistoryEntry.Outcome) {
        guard let current = clients[id.index].current else { return }
        history[current].outcome = outcome
        history[current].completedAt = now
        clients[id.index].current = nil
        clients[id.index].currentRequest = nil
        clients[id.index].wakeGeneration += 1  // cancels the pending timeout
        if case .ok(let output) = outcome { rememberValue(output, of: history[current].operation, for: id) }
        emit(.completed(history[current]))
        if let write = clients[id.index].writeAfterRead, history[current].operation.isRead {
            // Read-modify-write: the write goes at once, to the node that answered the read, with
            // the context the read returned (if the read got no answer, with the one the client had).
            if !clients[id.index].isWorkload || !workloadStopped {
                invoke(write.operation, by: id, at: write.target ?? clients[id.index].targets.first)
                clients[id.index].writeAfterRead = nil
                return
            }
            clients[id.index].writeAfterRead = nil
        }
        if clients[id.index].isWorkload {
            scheduleWake(id, .think, after: clientRandom.int(in: config.workload.thinkMinMicros...config.workload.thinkMaxMicros))
        }
    }

    private func scheduleWake(_ id: ClientID, _ wake: ClientWake, after delay: Int64) {
        clients[id.index].wakeGeneration += 1
        clients[id.index].wake = wake
        queue.schedule(.clientWake(id, generation: clients[id.index].wakeGeneration), at: now.adding(micros: delay))
    }

    private func rememberValue(_ output: OperationOutput, of operation: ClientOperation, for id: ClientID) {
        switch (operation, output) {
        case (.get, .value(let value)): clients[id.index].lastSeenValue = value
        case (.set(_, let value), _): clients[id.index].lastSeenValue = value
        default: break
        }
    }

    /// The default mix: 40% get, 30% set, 20% incr, 10% cas (set where the protocol has no cas). Written values are unique (the
    /// operation's history id), which makes histories easy to check and to read.
    func nextWorkloadOperation(for id: ClientID) -> ClientOperation {
        let workload = config.workload
        let key = clientRandom.pick(workload.keys)
        let unique = String(history.count)
        switch clientRandom.below(10) {
        case 0..<4: return .get(key: key)
        case 4..<7: return .set(key: key, value: unique)
        case 7..<9:
            guard workload.includesIncr else { return .set(key: key, value: unique) }
            return .incr(key: workload.counterKey)
        default:
            guard workload.includesCas else { return .set(key: key, value: unique) }
            return .cas(key: key, expected: clients[id.index].lastSeenValue ?? "0", new: unique)
        }
    }

    /// The simulated clients' ids and whether each is busy, in id order.
    public var clientStates: [(id: ClientID, busyWith: Int?)] {
        clients.map { ($0.id, $0.current) }
    }
}
