import QuorumCore

/// The normal-case operation (PBFT §4.1 and §4.2).
extension PBFTNode {
    /// A client's REQUEST, straight from the client or relayed by a backup.
    mutating func receiveRequest(_ request: ClientRequest, fromClient: Bool, _ effects: inout Effects) {
        // §4.1: a request already executed gets the cached reply again.
        if let cached = stateMachine.cachedReply(for: request) {
            reply(to: request, cached, &effects)
            // The client asks again, so it lacks f+1 replies: some replica may miss messages.
            if fromClient { retransmitLog(&effects) }
            return
        }
        guard !stateMachine.executed(request) else { return }  // older than the last reply: ignore
        if isLeader {
            if isInLog(request) {
                if fromClient { retransmitLog(&effects) }  // the client sent it again: something was lost
            } else {
                propose(request, &effects)
            }
            return
        }
        // §4.4: a backup relays the request to the primary and starts its timer.
        if !pendingRequests.contains(request) { pendingRequests.append(request) }
        if fromClient {
            // A client writes to a backup only when the primary did not answer: a checkpoint this
            // replica could not make stable (votes lost) may be what holds the primary back.
            resendCheckpoints(&effects)
            if !changingView { effects.append(.send(to: primary, .request(request))) }
            // The client's hint to the primary (the paper's REPLY carries the view; a ClientReply
            // has no view, so a backup names the primary instead).
            effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: .redirect(primary))))
        }
        if !timerRunning, !changingView { startTimer(&effects) }
    }

    /// The paper assumes lost messages are sent again. We do it when a client sends a request
    /// again (so it lacks f+1 replies): the replica multicasts again what it sent for every
    /// slot in its log (the primary its PRE-PREPAREs, a backup its PREPAREs, and its COMMITs),
    /// at most L slots, and its CHECKPOINTs above the stable one.
    mutating func retransmitLog(_ effects: inout Effects) {
        resendCheckpoints(&effects)
        guard !changingView else { return }
        for sequence in slots.keys.sorted() {
            guard let slot = slots[sequence], let prePrepare = slot.prePrepare else { continue }
            for peer in others {
                if isPrimary {
                    effects.append(.send(to: peer, .prePrepare(prePrepare)))
                } else {
                    effects.append(.send(to: peer, .prepare(view: view, sequence: sequence, digest: prePrepare.digest)))
                }
                if slot.sentCommit { effects.append(.send(to: peer, .commit(view: view, sequence: sequence, digest: prePrepare.digest))) }
            }
        }
    }

    /// This replica's CHECKPOINT messages from its stable checkpoint on, sent again (§4.3 needs
    /// 2f+1 of them to move the window; a replica that is stable may hold the vote another lacks).
    func resendCheckpoints(_ effects: inout Effects) {
        if lowWatermark > 0 {
            for peer in others { effects.append(.send(to: peer, .checkpoint(sequence: lowWatermark, digest: stableCheckpoint.digest))) }
        }
        for sequence in ownCheckpoints.keys.sorted() where sequence > lowWatermark {
            for peer in others { effects.append(.send(to: peer, .checkpoint(sequence: sequence, digest: ownCheckpoints[sequence]!))) }
        }
    }

    func isInLog(_ request: ClientRequest) -> Bool {
        slots.values.contains { $0.prePrepare?.request == request }
    }

    /// §4.2: the primary assigns the next sequence number within the watermarks and multicasts
    /// PRE-PREPARE with the request; a request beyond H waits for the next stable checkpoint.
    mutating func propose(_ request: ClientRequest, _ effects: inout Effects) {
        guard nextSequence < highWatermark else {
            if !pendingRequests.contains(request) { pendingRequests.append(request) }
            resendCheckpoints(&effects)  // the window moves only once a checkpoint is stable
            return
        }
        pendingRequests.removeAll { $0 == request }
        nextSequence += 1
        let prePrepare = PrePrepare(view: view, sequence: nextSequence, request: request)
        slots[nextSequence, default: Slot()].prePrepare = prePrepare
        for peer in others { effects.append(.send(to: peer, .prePrepare(prePrepare))) }
        checkPrepared(nextSequence, &effects)
    }

    /// The primary proposes what it holds: requests relayed to it while it could not.
    mutating func proposePending(_ effects: inout Effects) {
        guard isLeader else { return }
        for request in pendingRequests where !stateMachine.executed(request) && !isInLog(request) {
            propose(request, &effects)
        }
        let unplaced = pendingRequests.filter { !stateMachine.executed($0) && !isInLog($0) }
        pendingRequests = unplaced
    }

    func inWindow(_ sequence: Int) -> Bool { sequence > lowWatermark && sequence <= highWatermark }

    /// §4.2: a backup accepts a pre-prepare if it is in view v (checked by the caller), from the
    /// primary of v, the digest is the request's, h < n <= H, and it has accepted no pre-prepare
    /// for (v, n) with a different digest. It then multicasts PREPARE.
    mutating func receivePrePrepare(from: NodeID, _ prePrepare: PrePrepare, _ effects: inout Effects) {
        let sequence = prePrepare.sequence
        guard from == primary, inWindow(sequence), prePrepare.digest == PBFTMessage.digest(of: prePrepare.request) else { return }
        if let accepted = slots[sequence]?.prePrepare {
            if accepted.digest != prePrepare.digest {
                effects.append(.annotate(.note("refused pre-prepare \(PBFTMessage.short(prePrepare.digest)) for view \(view) seq \(sequence): already accepted \(PBFTMessage.short(accepted.digest))")))
            }
            return
        }
        acceptPrePrepare(prePrepare, &effects)
    }

    /// Logs a pre-prepare and, on a backup, multicasts its PREPARE (§4.2).
    mutating func acceptPrePrepare(_ prePrepare: PrePrepare, _ effects: inout Effects) {
        let sequence = prePrepare.sequence
        slots[sequence, default: Slot()].prePrepare = prePrepare
        if !isPrimary {
            slots[sequence]!.prepares[id] = prePrepare.digest
            for peer in others {
                effects.append(.send(to: peer, .prepare(view: view, sequence: sequence, digest: prePrepare.digest)))
            }
        }
        checkPrepared(sequence, &effects)
    }

    /// §4.2: prepares of the current view within the watermarks are logged; the primary sends
    /// none, so one from it does not count.
    mutating func receivePrepare(from: NodeID, sequence: Int, digest: Digest, _ effects: inout Effects) {
        guard from != primary, inWindow(sequence) else { return }
        slots[sequence, default: Slot()].prepares[from] = digest
        checkPrepared(sequence, &effects)
    }

    mutating func receiveCommit(from: NodeID, sequence: Int, digest: Digest, _ effects: inout Effects) {
        guard inWindow(sequence) else { return }
        slots[sequence, default: Slot()].commits[from] = digest
        checkCommitted(sequence, &effects)
    }

    /// §4.2: prepared(m, v, n, i): the pre-prepare and 2f PREPAREs from different backups that
    /// match it (same view, sequence number and digest).
    func preparers(_ sequence: Int) -> [NodeID]? {
        guard let slot = slots[sequence], let prePrepare = slot.prePrepare else { return nil }
        let matching = slot.prepares.filter { $0.value == prePrepare.digest && $0.key != primary }.keys.sorted()
        return matching.count >= 2 * faultTolerance ? matching : nil
    }

    /// §4.2: once prepared, multicast COMMIT; the certificate is kept for view changes (§4.4).
    mutating func checkPrepared(_ sequence: Int, _ effects: inout Effects) {
        guard let slot = slots[sequence], !slot.sentCommit, let prePrepare = slot.prePrepare,
              let preparers = preparers(sequence) else { return }
        slots[sequence]!.sentCommit = true
        slots[sequence]!.prepared = PreparedCertificate(prePrepare: prePrepare, preparers: Array(preparers.prefix(2 * faultTolerance)))
        slots[sequence]!.commits[id] = prePrepare.digest
        for peer in others {
            effects.append(.send(to: peer, .commit(view: view, sequence: sequence, digest: prePrepare.digest)))
        }
        checkCommitted(sequence, &effects)
    }

    /// §4.2: committed-local(m, v, n, i): prepared, and 2f+1 matching COMMITs from different
    /// replicas (possibly its own).
    func isCommittedLocal(_ sequence: Int) -> Bool {
        guard let slot = slots[sequence], slot.sentCommit, let prePrepare = slot.prePrepare else { return false }
        return slot.commits.values.count { $0 == prePrepare.digest } >= 2 * faultTolerance + 1
    }

    mutating func checkCommitted(_ sequence: Int, _ effects: inout Effects) {
        if sequence == lastExecuted + 1, isCommittedLocal(sequence) { executeReady(&effects) }
    }

    /// §4.2: execute each committed-local request once every lower sequence number has executed,
    /// then REPLY to its client; §4.3: a checkpoint every K requests.
    mutating func executeReady(_ effects: inout Effects) {
        var executedAny = false
        while isCommittedLocal(lastExecuted + 1) {
            let prePrepare = slots[lastExecuted + 1]!.prePrepare!
            lastExecuted += 1
            executedDigests.append(prePrepare.digest)
            let result = stateMachine.execute(prePrepare.request, digest: prePrepare.digest)
            if let request = prePrepare.request {
                executedAny = true
                if let result { reply(to: request, result, &effects) }
            }
            if lastExecuted % config.checkpointEvery == 0 { takeCheckpoint(&effects) }
        }
        guard executedAny else { return }
        failedViewChanges = 0  // §4.5.2: a request executed in this view: T is back to its base
        let state = stateMachine
        pendingRequests.removeAll { state.executed($0) }
        // §4.4: stop the timer, but restart it if another request still waits.
        stopTimer(&effects)
        if !pendingRequests.isEmpty, !isPrimary { startTimer(&effects) }
    }

    /// REPLY(v, t, c, i, r) to the client (§4.1).
    mutating func reply(to request: ClientRequest, _ result: OperationOutput, _ effects: inout Effects) {
        let message = PBFTMessage.reply(view: view, client: request.client, timestamp: request.sequence, result: result)
        effects.append(.reply(message.clientReply!))
    }
}
