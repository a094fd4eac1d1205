import QuorumCore
import Testing
@testable import QuorumPBFT

/// What keeps replicas live when messages are lost (the paper assumes retransmission, §4.5.2 and
/// TOCS §6.2): VIEW-CHANGE and NEW-VIEW sent again, a replica that missed a view change catching
/// up, and state transfer at a stable checkpoint.
@Suite("PBFT recovery from lost messages")
struct PBFTRecoveryTests {
    private func incr(_ timestamp: UInt64) -> ClientRequest { PBFTTestCluster.request(.incr(key: "n"), timestamp: timestamp) }

    /// Short of 2f+1 VIEW-CHANGE messages, the timer only paces retransmission of its own.
    @Test func viewChangeIsSentAgainUntilAQuorumGathers() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.fire(3, deliver: false)
        cluster.clearQueue()  // lost
        #expect(cluster[3].changingView && cluster.timerRunning(3))
        cluster.fire(3, deliver: false)
        #expect(cluster[3].view == 1, "no quorum: still view 1, no doubling")
        #expect(cluster[3].failedViewChanges == 0)
        #expect(cluster.queue.filter { if case .viewChange = $0.message { true } else { false } }.count == 3)
    }

    /// §4.5.2, extended to every message naming a view: a replica that missed a whole view
    /// change (all its messages lost) hears f+1 replicas in the later view, asks for it with a
    /// VIEW-CHANGE, and the primary of that view sends the NEW-VIEW again.
    @Test func replicaThatMissedAViewChangeCatchesUp() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.dropRule = { _, to, _ in to == NodeID(0) }
        cluster.fire(2)
        cluster.fire(3)
        #expect(cluster[1].view == 0 && cluster[2].isLeader)
        cluster.dropRule = nil
        cluster.clearDelivered()
        cluster.request(2, PBFTTestCluster.request(.incr(key: "n")))
        #expect(cluster[1].view == 1 && !cluster[1].changingView)
        #expect(cluster.delivered.contains { item in
            if case .newView = item.message { return item.from == NodeID(1) && item.to == NodeID(0) } else { return false }
        }, "the NEW-VIEW sent again to n1")
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 1 })
    }

    /// A client that sends a request again lacks f+1 replies: replicas multicast again what they
    /// sent for the slots in their log, so a replica that lost COMMITs executes after all.
    @Test func clientRetransmissionMakesReplicasResendTheirLog() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.dropRule = { _, to, message in if case .commit = message { return to == NodeID(1) } else { return false } }
        cluster.request(1, incr(1))
        #expect(cluster[2].lastExecuted == 0 && cluster[3].lastExecuted == 1)
        cluster.dropRule = nil
        cluster.request(3, incr(1))  // the client's retransmission (§4.1: to every replica)
        #expect(cluster[2].lastExecuted == 0, "n3's COMMIT alone: 2 of 2f+1")
        cluster.request(4, incr(1))
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 1 })
        #expect(cluster[2].stateMachine.values["n"] == "1")
    }

    /// A replica that missed requests fetches the state at a stable checkpoint from the replicas
    /// that signed it, checks it against the signed digest, and goes on from there.
    @Test func replicaBehindAStableCheckpointFetchesTheState() {
        var cluster = PBFTTestCluster(size: 4, config: PBFTConfig(checkpointEvery: 2))
        cluster.dropRule = { _, to, message in
            if case .checkpoint = message { return false }
            if case .fetchState = message { return false }
            if case .state = message { return false }
            return to == NodeID(3)
        }
        for timestamp in UInt64(1)...2 { cluster.request(1, incr(timestamp)) }
        #expect(cluster[4].lastExecuted == 2 && cluster[4].lowWatermark == 2, "it installed the state at checkpoint 2")
        #expect(cluster[4].stateMachine == cluster[1].stateMachine)
        #expect(cluster[4].executedDigests == cluster[1].executedDigests)
        cluster.dropRule = nil
        cluster.request(1, incr(3))
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 3 && $0.stateMachine.values["n"] == "3" })
    }

    /// A state whose digest is not the one 2f+1 replicas signed is refused.
    @Test func forgedStateIsRefused() {
        var cluster = PBFTTestCluster(size: 4, config: PBFTConfig(checkpointEvery: 2))
        cluster.dropRule = { _, to, message in
            if case .checkpoint = message { return false }
            return to == NodeID(3)
        }
        for timestamp in UInt64(1)...2 { cluster.request(1, incr(timestamp)) }
        #expect(cluster[4].transferTarget?.sequence == 2 && cluster[4].lastExecuted == 0)
        var forged = cluster[1].stateMachine
        _ = forged.execute(incr(3), digest: 1)
        cluster.send(from: 2, to: 4, .state(sequence: 2, snapshot: forged, after: 0, executed: [1, 2]))
        #expect(cluster[4].lastExecuted == 0)
        cluster.send(from: 2, to: 4, .state(sequence: 2, snapshot: cluster[2].stateMachine, after: 0, executed: cluster[2].executedDigests))
        #expect(cluster[4].lastExecuted == 2)
    }

    /// A replica persists its state before it sends: restarted after a crash, it keeps its view,
    /// its log and what it executed, and does not prepare a second request for a slot.
    @Test func restartedReplicaKeepsItsViewLogAndState() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.request(1, incr(1))
        cluster.dropRule = { _, _, message in if case .commit = message { return true } else { return false } }
        cluster.request(1, incr(2))
        cluster.dropRule = nil
        cluster.fire(2)
        cluster.fire(3)
        let before = cluster[3]
        cluster.crash(3)
        cluster.restart(3)
        #expect(cluster[3].view == 1 && cluster[3].lastExecuted == before.lastExecuted && cluster[3].stateMachine == before.stateMachine)
        #expect(cluster[3].executedDigests == before.executedDigests && cluster[3].slots == before.slots)
        cluster.clearQueue()
        let other = PrePrepare(view: 1, sequence: 2, request: PBFTTestCluster.request(.set(key: "x", value: "9")))
        cluster.send(from: 2, to: 3, .prePrepare(other), deliver: false)
        #expect(cluster.queue.isEmpty, "slot 2 of view 1 already holds the re-proposed request")
        cluster.deliverAll()
        cluster.request(2, incr(3))
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 3 && $0.stateMachine.values["n"] == "3" })
    }
}
