import QuorumCore

/// View changes (PBFT §4.4) and their liveness rules (§4.5.2).
extension PBFTNode {
    /// §4.4: move to view v+1 and multicast VIEW-CHANGE(v+1, n, C, P, i): the last stable
    /// checkpoint with its proof and a prepared certificate for every request prepared above it.
    /// Until the NEW-VIEW arrives only CHECKPOINT, VIEW-CHANGE and NEW-VIEW are accepted.
    mutating func startViewChange(to newView: Int, _ effects: inout Effects) {
        precondition(newView > view || (newView == view && !changingView), "a view change goes forward")
        stopTimer(&effects)
        view = newView
        changingView = true
        clearViewState()
        let prepared = slots.keys.sorted().filter { $0 > lowWatermark }.compactMap { slots[$0]!.prepared }
        let change = ViewChange(newView: newView, sender: id, stable: stableCheckpoint, prepared: prepared)
        viewChanges[newView, default: [:]][id] = change
        viewChanges = viewChanges.filter { $0.key >= newView }
        for peer in others { effects.append(.send(to: peer, .viewChange(change))) }
        effects.append(.annotate(.role("view-change", term: newView)))
        awaitingViewChangeQuorum = true
        afterViewChangeVote(newView, &effects)
        if changingView, !timerRunning { startTimer(&effects) }  // paces retransmission
    }

    /// Forgets the current view's pre-prepares and votes; prepared certificates stay (§4.4).
    mutating func clearViewState() {
        for sequence in slots.keys {
            slots[sequence]!.prePrepare = nil
            slots[sequence]!.prepares = [:]
            slots[sequence]!.commits = [:]
            slots[sequence]!.sentCommit = false
        }
    }

    mutating func receiveViewChange(from: NodeID, _ change: ViewChange, _ effects: inout Effects) {
        // Authenticated: the sender named inside is the one that sent it.
        if change.sender == from, change.newView == view, !changingView, let sent = sentNewView, sent.view == view {
            effects.append(.send(to: from, .newView(sent)))  // its copy of the NEW-VIEW was lost
            return
        }
        guard change.sender == from, change.newView > view || (change.newView == view && changingView),
              isValid(change) else { return }
        viewChanges[change.newView, default: [:]][from] = change
        if change.newView == view { afterViewChangeVote(view, &effects) }
    }

    /// The view a message shows its sender in: a VIEW-CHANGE counts only when valid.
    func viewHeard(in message: PBFTMessage, from: NodeID) -> Int? {
        if case .viewChange(let change) = message { return change.sender == from && isValid(change) ? change.newView : nil }
        return message.view
    }

    /// §4.5.2: f+1 replicas in (or asking for) later views prove that at least one correct
    /// replica is there: join the smallest of those views even before the timer expires. We count
    /// any message naming a view, not only VIEW-CHANGE, so that a replica that missed a whole view
    /// change (its messages lost) catches up: its VIEW-CHANGE makes that view's primary send the
    /// NEW-VIEW again.
    mutating func joinLaterView(heard: Int, from: NodeID, _ effects: inout Effects) {
        guard heard > highestViewHeard[from.index] else { return }
        highestViewHeard[from.index] = heard
        let later = highestViewHeard.indices.filter { $0 != id.index && highestViewHeard[$0] > view }.map { highestViewHeard[$0] }
        guard later.count >= faultTolerance + 1, let smallest = later.min() else { return }
        startViewChange(to: smallest, &effects)
    }

    /// §4.5.2: with 2f+1 VIEW-CHANGE messages for its view a replica starts its timer (waiting for
    /// the NEW-VIEW); the new primary sends the NEW-VIEW.
    mutating func afterViewChangeVote(_ newView: Int, _ effects: inout Effects) {
        guard changingView, newView == view, let votes = viewChanges[newView], votes.count >= 2 * faultTolerance + 1 else { return }
        if primary(of: newView) == id {
            sendNewView(&effects)
        } else if awaitingViewChangeQuorum {
            awaitingViewChangeQuorum = false
            stopTimer(&effects)
            startTimer(&effects)
        }
    }

    /// §4.4: the new primary picks 2f+1 VIEW-CHANGE messages (V), computes O and multicasts
    /// NEW-VIEW(v+1, V, O), then enters the view.
    mutating func sendNewView(_ effects: inout Effects) {
        let votes = viewChanges[view]!
        let chosen = votes.keys.sorted().prefix(2 * faultTolerance + 1).map { votes[$0]! }
        let newView = NewView(view: view, viewChanges: chosen, prePrepares: Self.computeO(view: view, chosen))
        for peer in others { effects.append(.send(to: peer, .newView(newView))) }
        sentNewView = newView
        enterView(newView, &effects)
    }

    /// §4.4: min-s is the latest stable checkpoint in V, max-s the highest sequence number in a
    /// prepared certificate of V. For each n between them the new primary re-proposes the request
    /// of the certificate with the highest view, or the null request when V has none.
    public static func computeO(view: Int, _ viewChanges: [ViewChange]) -> [PrePrepare] {
        let minS = viewChanges.map(\.stable.sequence).max() ?? 0
        let certificates = viewChanges.flatMap(\.prepared)
        let maxS = max(minS, certificates.map(\.prePrepare.sequence).max() ?? 0)
        guard maxS > minS else { return [] }
        return (minS + 1...maxS).map { sequence in
            let candidates = certificates.filter { $0.prePrepare.sequence == sequence }
            guard let best = candidates.max(by: { $0.prePrepare.view < $1.prePrepare.view }) else {
                return PrePrepare(view: view, sequence: sequence, request: nil)
            }
            return PrePrepare(view: view, sequence: sequence, digest: best.prePrepare.digest, request: best.prePrepare.request)
        }
    }

    /// The latest stable checkpoint among V (min-s) with its proof.
    static func latestStable(_ viewChanges: [ViewChange]) -> CheckpointProof {
        viewChanges.map(\.stable).max { $0.sequence < $1.sequence } ?? .initial
    }

    /// §4.4: a VIEW-CHANGE is valid when its checkpoint proof is, and each prepared certificate is
    /// above that checkpoint, of an earlier view, and holds a pre-prepare whose digest is its
    /// request's plus 2f prepares from distinct backups of that view.
    func isValid(_ change: ViewChange) -> Bool {
        guard isValid(change.stable) else { return false }
        return change.prepared.allSatisfy { certificate in
            let prePrepare = certificate.prePrepare
            let preparers = certificate.preparers
            return prePrepare.sequence > change.stable.sequence && prePrepare.sequence <= change.stable.sequence + config.logWindow
                && prePrepare.view < change.newView && prePrepare.digest == PBFTMessage.digest(of: prePrepare.request)
                && Set(preparers).count == preparers.count && preparers.count >= 2 * faultTolerance
                && !preparers.contains(primary(of: prePrepare.view)) && preparers.allSatisfy { $0.index < clusterSize }
        }
    }

    /// §4.4: a backup accepts NEW-VIEW for view v+1 if it comes from the primary of v+1, holds
    /// 2f+1 valid VIEW-CHANGE messages for v+1 from distinct replicas, and O is what the backup
    /// computes from them itself.
    mutating func receiveNewView(from: NodeID, _ newView: NewView, _ effects: inout Effects) {
        guard from == primary(of: newView.view), newView.view > view || (newView.view == view && changingView) else { return }
        let senders = newView.viewChanges.map(\.sender)
        guard Set(senders).count == senders.count, senders.count >= 2 * faultTolerance + 1,
              newView.viewChanges.allSatisfy({ $0.newView == newView.view && isValid($0) }) else {
            effects.append(.annotate(.note("refused NEW-VIEW \(newView.view) from \(from): invalid view-change set")))
            return
        }
        guard newView.prePrepares == Self.computeO(view: newView.view, newView.viewChanges) else {
            effects.append(.annotate(.note("refused NEW-VIEW \(newView.view) from \(from): O differs from the one computed from V")))
            return
        }
        enterView(newView, &effects)
    }

    /// §4.4: enter the view: take min-s as stable checkpoint when this replica has that state,
    /// log the pre-prepares of O and (on a backup) multicast a PREPARE for each; requests already
    /// executed are not executed again.
    mutating func enterView(_ newView: NewView, _ effects: inout Effects) {
        if newView.view > view { clearViewState() }
        view = newView.view
        changingView = false
        awaitingViewChangeQuorum = false
        if sentNewView?.view != view { sentNewView = nil }
        viewChanges = viewChanges.filter { $0.key > view }
        let stable = Self.latestStable(newView.viewChanges)
        if stable.sequence > lowWatermark {
            if stable.sequence <= lastExecuted, ownCheckpoints[stable.sequence] == stable.digest {
                makeStable(stable, &effects)
            } else if stable.sequence > lastExecuted {
                requestState(stable, &effects)
            }
        }
        effects.append(.annotate(.role(isPrimary ? "primary" : "backup", term: view, leads: isPrimary)))
        for prePrepare in newView.prePrepares where prePrepare.sequence > lowWatermark {
            acceptPrePrepare(prePrepare, &effects)
        }
        nextSequence = max(newView.prePrepares.last?.sequence ?? stable.sequence, lowWatermark)
        stopTimer(&effects)
        if isPrimary {
            proposePending(&effects)
        } else if !pendingRequests.isEmpty {
            // §4.5.2: the timer runs until a request executes in the new view.
            startTimer(&effects)
        }
        replayDeferred(&effects)
    }

    mutating func replayDeferred(_ effects: inout Effects) {
        let waiting = deferred
        deferred = waiting.filter { ($0.message.view ?? 0) > view }
        for item in waiting where item.message.view == view {
            receiveNormalCase(from: item.from, item.message, &effects)
        }
    }
}
