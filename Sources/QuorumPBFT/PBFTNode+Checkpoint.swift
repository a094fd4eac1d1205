import QuorumCore

/// Checkpoints and garbage collection (PBFT §4.3).
extension PBFTNode {
    /// §4.3: after executing a request whose sequence number is a multiple of K, multicast
    /// CHECKPOINT(n, d) with the digest of the state.
    mutating func takeCheckpoint(_ effects: inout Effects) {
        let sequence = lastExecuted
        ownCheckpoints[sequence] = stateMachine.digest
        checkpointVotes[sequence, default: [:]][id] = stateMachine.digest
        for peer in others { effects.append(.send(to: peer, .checkpoint(sequence: sequence, digest: stateMachine.digest))) }
        checkStable(sequence, &effects)
    }

    mutating func receiveCheckpoint(from: NodeID, sequence: Int, digest: Digest, _ effects: inout Effects) {
        guard sequence > lowWatermark, sequence <= highWatermark + config.logWindow else { return }
        checkpointVotes[sequence, default: [:]][from] = digest
        checkStable(sequence, &effects)
    }

    /// §4.3: a checkpoint with 2f+1 matching CHECKPOINT messages (the proof) is stable. This
    /// replica takes it only once it has executed that far itself and its own state digest agrees;
    /// a replica that is behind would need state transfer, which is not modelled.
    mutating func checkStable(_ sequence: Int, _ effects: inout Effects) {
        guard sequence > lowWatermark, let own = ownCheckpoints[sequence], let votes = checkpointVotes[sequence] else { return }
        let signers = votes.filter { $0.value == own }.keys.sorted()
        guard signers.count >= 2 * faultTolerance + 1 else { return }
        makeStable(CheckpointProof(sequence: sequence, digest: own, signers: Array(signers.prefix(2 * faultTolerance + 1))), &effects)
    }

    /// §4.3: the low watermark moves to the stable checkpoint and every message at or below it,
    /// and every earlier checkpoint, is discarded.
    mutating func makeStable(_ proof: CheckpointProof, _ effects: inout Effects) {
        precondition(proof.sequence <= lastExecuted, "a replica only makes stable a checkpoint it executed")
        stableCheckpoint = proof
        slots = slots.filter { $0.key > proof.sequence }
        checkpointVotes = checkpointVotes.filter { $0.key > proof.sequence }
        ownCheckpoints = ownCheckpoints.filter { $0.key > proof.sequence }
        // Requests that waited for the window to move can go now.
        proposePending(&effects)
    }

    /// A checkpoint proof is valid with 2f+1 distinct signers (the initial state needs none).
    func isValid(_ proof: CheckpointProof) -> Bool {
        if proof.sequence == 0 { return proof.digest == StateDigest.initial }
        return Set(proof.signers).count == proof.signers.count && proof.signers.count >= 2 * faultTolerance + 1
            && proof.signers.allSatisfy { $0.index >= 0 && $0.index < clusterSize }
    }
}
