import QuorumCore
import Testing
@testable import QuorumPBFT

/// PBFT §4.3: checkpoints and garbage collection.
@Suite("PBFT §4.3 garbage collection")
struct PBFTCheckpointTests {
    private func incr(_ timestamp: UInt64) -> ClientRequest { PBFTTestCluster.request(.incr(key: "n"), timestamp: timestamp) }

    /// Every K requests each replica multicasts CHECKPOINT(n, d); with 2f+1 matching ones the
    /// checkpoint is stable, the low watermark moves to it and the log at or below it goes.
    @Test func checkpointEveryKBecomesStableAndDiscardsTheLog() {
        var cluster = PBFTTestCluster(size: 4, config: PBFTConfig(checkpointEvery: 2))
        cluster.request(1, incr(1))
        #expect(cluster.delivered.allSatisfy { if case .checkpoint = $0.message { return false } else { return true } })
        cluster.request(1, incr(2))
        let checkpoints = cluster.delivered.filter { if case .checkpoint(2, _) = $0.message { return true } else { return false } }
        #expect(checkpoints.count == 12, "each of 4 replicas to its 3 peers")
        for node in cluster.nodes {
            #expect(node.lowWatermark == 2 && node.highWatermark == 6)
            #expect(node.stableCheckpoint.signers.count == 3)
            #expect(node.slots.isEmpty, "the log at or below the stable checkpoint is discarded")
        }
        cluster.request(1, incr(3))
        #expect(cluster.nodes.allSatisfy { $0.slots.keys.sorted() == [3] && $0.lastExecuted == 3 })
    }

    /// Stable needs 2f+1 matching CHECKPOINT messages: with two replicas' checkpoints lost, the
    /// watermark stays.
    @Test func checkpointIsNotStableWithFewerThanTwoFPlusOne() {
        var cluster = PBFTTestCluster(size: 4, config: PBFTConfig(checkpointEvery: 1))
        cluster.dropRule = { from, _, message in
            if case .checkpoint = message { return from.index >= 2 } else { return false }
        }
        cluster.request(1, incr(1))
        #expect(cluster[1].lastExecuted == 1 && cluster[1].lowWatermark == 0, "its own and n2's: 2 of 2f+1")
        #expect(cluster[2].lowWatermark == 0)
        #expect(cluster[3].lowWatermark == 1 && cluster[4].lowWatermark == 1, "their own, n1's and n2's: 2f+1")
    }

    /// The primary proposes nothing above H = h + L; a request beyond waits for the next stable
    /// checkpoint to move the window.
    @Test func primaryWaitsAtTheHighWatermark() {
        var cluster = PBFTTestCluster(size: 4, config: PBFTConfig(checkpointEvery: 1))  // L = 2
        cluster.dropRule = { _, _, message in if case .checkpoint = message { return true } else { return false } }
        for timestamp in UInt64(1)...3 { cluster.request(1, PBFTTestCluster.request(.incr(key: "n"), client: Int(timestamp), timestamp: 1)) }
        #expect(cluster[1].nextSequence == 2 && cluster[1].pendingRequests.count == 1)
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 2 })
        cluster.dropRule = nil
        // A late checkpoint message makes sequence 2 stable at n1 and lets the waiting request go.
        for from in 2...4 { cluster.send(from: from, to: 1, .checkpoint(sequence: 2, digest: cluster[from].stateMachine.checkpointDigest)) }
        #expect(cluster[1].lowWatermark == 2 && cluster[1].nextSequence == 3 && cluster[1].pendingRequests.isEmpty)
    }

    /// A replica whose state digest differs does not take the others' checkpoint as its own.
    @Test func checkpointNeedsTheReplicasOwnMatchingDigest() {
        var cluster = PBFTTestCluster(size: 4, config: PBFTConfig(checkpointEvery: 1))
        cluster.dropRule = { _, _, message in if case .checkpoint = message { return true } else { return false } }
        cluster.request(1, incr(1))
        for from in 2...4 { cluster.send(from: from, to: 1, .checkpoint(sequence: 1, digest: 12345)) }
        #expect(cluster[1].lowWatermark == 0)
    }

    /// Lost CHECKPOINT messages are sent again when a client sends its request again (to every
    /// replica, §4.1), so the window moves and the primary proposes what waited at H.
    @Test func lostCheckpointsAreSentAgainWhenTheClientRetransmits() {
        var cluster = PBFTTestCluster(size: 4, config: PBFTConfig(checkpointEvery: 1))  // L = 2
        cluster.dropRule = { _, _, message in if case .checkpoint = message { return true } else { return false } }
        cluster.request(1, incr(1))
        cluster.request(1, incr(2))
        let third = PBFTTestCluster.request(.incr(key: "n"), timestamp: 3)
        cluster.request(1, third)
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 2 && $0.lowWatermark == 0 } && cluster[1].pendingRequests == [third])
        cluster.dropRule = nil
        for replica in 1...4 { cluster.request(replica, third) }
        #expect(cluster.nodes.allSatisfy { $0.lowWatermark >= 2 && $0.lastExecuted == 3 }, "\(cluster.nodes.map { ($0.lowWatermark, $0.lastExecuted, $0.pendingRequests.count, $0.nextSequence) })")
    }
}
