import QuorumCore

/// Checkpoints and garbage collection (PBFT §4.3).
extension PBFTNode {
    /// §4.3: after executing a request whose sequence number is a multiple of K, multicast
    /// CHECKPOINT(n, d) with the digest of the state.
    mutating func takeCheckpoint(_ effects: inout Effects) {
        let sequence = lastExecuted
        let digest = stateMachine.checkpointDigest
        ownCheckpoints[sequence] = digest
        checkpointStates[sequence] = stateMachine
        checkpointVotes[sequence, default: [:]][id] = digest
        for peer in others { effects.append(.send(to: peer, .checkpoint(sequence: sequence, digest: digest))) }
        checkStable(sequence, &effects)
    }

    mutating func receiveCheckpoint(from: NodeID, sequence: Int, digest: Digest, _ effects: inout Effects) {
        guard sequence > lowWatermark, sequence % config.checkpointEvery == 0 else { return }
        guard sequence <= highWatermark + config.logWindow else {
            farCheckpointVotes[from.index] = (sequence, digest)
            let agreeing = farCheckpointVotes.indices.filter { farCheckpointVotes[$0]?.sequence == sequence && farCheckpointVotes[$0]?.digest == digest }
            if agreeing.count >= 2 * faultTolerance + 1 {
                requestState(CheckpointProof(sequence: sequence, digest: digest, signers: agreeing.prefix(2 * faultTolerance + 1).map(NodeID.init)), &effects)
            }
            return
        }
        checkpointVotes[sequence, default: [:]][from] = digest
        checkStable(sequence, &effects)
    }

    /// 2f+1 matching CHECKPOINT votes for a sequence number, if there are that many.
    func quorumProof(_ sequence: Int) -> CheckpointProof? {
        guard let votes = checkpointVotes[sequence] else { return nil }
        for digest in Set(votes.values).sorted() {
            let signers = votes.filter { $0.value == digest }.keys.sorted()
            if signers.count >= 2 * faultTolerance + 1 {
                return CheckpointProof(sequence: sequence, digest: digest, signers: Array(signers.prefix(2 * faultTolerance + 1)))
            }
        }
        return nil
    }

    /// §4.3: a checkpoint with 2f+1 matching CHECKPOINT messages (the proof) is stable. This
    /// replica takes it only once it has executed that far itself and its own state digest agrees;
    /// a replica that is behind fetches the state instead (state transfer, below).
    mutating func checkStable(_ sequence: Int, _ effects: inout Effects) {
        guard sequence > lowWatermark, let votes = checkpointVotes[sequence] else { return }
        guard let own = ownCheckpoints[sequence] else {
            // The others are past a checkpoint this replica has not reached: fetch that state.
            if sequence > lastExecuted, let proof = quorumProof(sequence) { requestState(proof, &effects) }
            return
        }
        let signers = votes.filter { $0.value == own }.keys.sorted()
        guard signers.count >= 2 * faultTolerance + 1 else { return }
        makeStable(CheckpointProof(sequence: sequence, digest: own, signers: Array(signers.prefix(2 * faultTolerance + 1))), &effects)
    }

    /// §4.3: the low watermark moves to the stable checkpoint and every message at or below it,
    /// and every earlier checkpoint, is discarded.
    mutating func makeStable(_ proof: CheckpointProof, _ effects: inout Effects) {
        precondition(proof.sequence <= lastExecuted, "a replica only makes stable a checkpoint it executed")
        stableCheckpoint = proof
        slots.collect(through: proof.sequence)
        checkpointVotes = checkpointVotes.filter { $0.key > proof.sequence }
        ownCheckpoints = ownCheckpoints.filter { $0.key > proof.sequence }
        checkpointStates = checkpointStates.filter { $0.key >= proof.sequence }
        farCheckpointVotes = farCheckpointVotes.map { vote in vote.flatMap { $0.sequence > proof.sequence ? $0 : nil } }
        // Requests that waited for the window to move can go now.
        proposePending(&effects)
    }

    /// A checkpoint proof is valid with 2f+1 distinct signers (the initial state needs none).
    func isValid(_ proof: CheckpointProof) -> Bool {
        if proof.sequence == 0 { return proof.digest == StateDigest.initial }
        return Set(proof.signers).count == proof.signers.count && proof.signers.count >= 2 * faultTolerance + 1
            && proof.signers.allSatisfy { $0.index >= 0 && $0.index < clusterSize }
    }

    // MARK: - State transfer (TOCS §6.2, simplified: the whole state at once)

    /// Asks the replicas that signed a stable checkpoint's proof for the state at it.
    mutating func requestState(_ proof: CheckpointProof, _ effects: inout Effects) {
        guard proof.sequence > lastExecuted, proof.sequence >= (transferTarget?.sequence ?? 0) else { return }  // asked again: a reply may be lost
        transferTarget = proof
        effects.append(.annotate(.note("behind the stable checkpoint \(proof.sequence): fetching its state")))
        for signer in proof.signers where signer != id {
            effects.append(.send(to: signer, .fetchState(sequence: proof.sequence, after: lastExecuted)))
        }
    }

    mutating func serveState(to asker: NodeID, sequence: Int, after: Int, _ effects: inout Effects) {
        guard let snapshot = checkpointStates[sequence], after >= 0, after < sequence, sequence <= lastExecuted else { return }
        effects.append(.send(to: asker, .state(sequence: sequence, snapshot: snapshot, after: after,
                                               executed: Array(executedDigests[after..<sequence]))))
    }

    /// A state is installed only if its digest is the one 2f+1 replicas signed (a Byzantine
    /// replica cannot pass off another state); then the replica continues from that checkpoint.
    mutating func installState(sequence: Int, snapshot: PBFTStateMachine, after: Int, executed: [Digest], _ effects: inout Effects) {
        guard let target = transferTarget, target.sequence == sequence, sequence > lastExecuted,
              snapshot.checkpointDigest == target.digest, after <= lastExecuted, after + executed.count == sequence else { return }
        executedDigests += executed[(lastExecuted - after)...]
        lastExecuted = sequence
        stateMachine = snapshot
        ownCheckpoints[sequence] = target.digest
        checkpointStates[sequence] = snapshot
        transferTarget = nil
        effects.append(.annotate(.note("installed the state at checkpoint \(sequence)")))
        if sequence > lowWatermark { makeStable(target, &effects) }
        nextSequence = max(nextSequence, sequence)
        let state = stateMachine
        pendingRequests.removeAll { state.executed($0) }
        executeReady(&effects)
        if pendingRequests.isEmpty { stopTimer(&effects) }
    }
}
