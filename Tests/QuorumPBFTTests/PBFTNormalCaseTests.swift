import QuorumCore
import Testing
@testable import QuorumPBFT

/// PBFT §4.1 and §4.2 (normal-case operation), rule by rule, in the manner of etcd raft's
/// raft_paper_test.go: replicas driven directly with inputs, messages delivered by hand.
@Suite("PBFT §4.2 normal case")
struct PBFTNormalCaseTests {
    let setX = PBFTTestCluster.request(.set(key: "x", value: "1"))

    @Test func messagesDescribeThemselvesInOneLine() {
        let prePrepare = PrePrepare(view: 0, sequence: 1, request: setX)
        let digest = PBFTMessage.short(prePrepare.digest)
        #expect(PBFTMessage.prePrepare(prePrepare).description == "PrePrepare View:0 Seq:1 D:\(digest) set x 1")
        #expect(PBFTMessage.prepare(view: 2, sequence: 5, digest: prePrepare.digest).description == "Prepare View:2 Seq:5 D:\(digest)")
        #expect(PBFTMessage.commit(view: 2, sequence: 5, digest: prePrepare.digest).description == "Commit View:2 Seq:5 D:\(digest)")
        #expect(PBFTMessage.checkpoint(sequence: 16, digest: prePrepare.digest).description == "Checkpoint Seq:16 D:\(digest)")
        #expect(PBFTMessage.reply(view: 1, client: ClientID(0), timestamp: 3, result: .done).description == "Reply View:1 c1#3 done")
        let change = ViewChange(newView: 1, sender: NodeID(1), stable: .initial, prepared: [])
        #expect(PBFTMessage.viewChange(change).description == "ViewChange View:1 Stable:0 P:0")
        #expect(PBFTMessage.newView(NewView(view: 1, viewChanges: [change], prePrepares: [])).description == "NewView View:1 V:1 O:0")
        #expect(PBFTMessage.prePrepare(PrePrepare(view: 1, sequence: 2, request: nil)).description.hasSuffix(" null"))
        let keys = [PBFTMessage.prePrepare(prePrepare), .prepare(view: 0, sequence: 1, digest: 0), .commit(view: 0, sequence: 1, digest: 0),
                    .checkpoint(sequence: 1, digest: 0), .viewChange(change), .newView(NewView(view: 1, viewChanges: [], prePrepares: [])),
                    .reply(view: 0, client: ClientID(0), timestamp: 1, result: .done)].map(\.styleKey)
        #expect(keys == ["pre-prepare", "prepare", "commit", "checkpoint", "view-change", "new-view", "reply"])
        #expect(PBFTMessage.prePrepare(prePrepare).category == .replication && PBFTMessage.viewChange(change).category == .election)
        #expect(PBFTMessage.digest(of: setX) != PBFTMessage.digest(of: PBFTTestCluster.request(.set(key: "x", value: "2"))))
    }

    /// §4.2: the primary of view v is v mod n; it assigns a sequence number and multicasts
    /// PRE-PREPARE with the request to the backups.
    @Test func primaryMulticastsPrePrepareWithTheRequest() {
        var cluster = PBFTTestCluster(size: 4)
        #expect(cluster[1].isPrimary && !cluster[2].isPrimary && cluster[1].primary(of: 5) == NodeID(1))
        cluster.request(1, setX, deliver: false)
        let sent = cluster.queue.map(\.message)
        #expect(cluster.queue.map(\.to) == [NodeID(1), NodeID(2), NodeID(3)])
        #expect(sent.allSatisfy { $0 == .prePrepare(PrePrepare(view: 0, sequence: 1, request: setX)) })
    }

    /// §4.2: a backup accepts a pre-prepare and multicasts PREPARE to every other replica.
    @Test func backupAcceptsPrePrepareAndMulticastsPrepare() {
        var cluster = PBFTTestCluster(size: 4)
        let prePrepare = PrePrepare(view: 0, sequence: 1, request: setX)
        cluster.send(from: 1, to: 2, .prePrepare(prePrepare), deliver: false)
        #expect(cluster[2].slots[1]?.prePrepare == prePrepare)
        #expect(cluster.queue.map(\.to) == [NodeID(0), NodeID(2), NodeID(3)])
        #expect(cluster.queue.allSatisfy { $0.message == .prepare(view: 0, sequence: 1, digest: prePrepare.digest) })
    }

    /// §4.2: not in view v, not from the primary, outside h < n <= H, or a digest that is not the
    /// request's: refused.
    @Test func backupRefusesPrePrepareOfAnotherViewSenderWindowOrDigest() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.send(from: 1, to: 2, .prePrepare(PrePrepare(view: 1, sequence: 1, request: setX)), deliver: false)  // a later view: deferred
        cluster.send(from: 3, to: 2, .prePrepare(PrePrepare(view: 0, sequence: 1, request: setX)), deliver: false)  // not the primary
        cluster.send(from: 1, to: 2, .prePrepare(PrePrepare(view: 0, sequence: 0, request: setX)), deliver: false)  // n <= h
        cluster.send(from: 1, to: 2, .prePrepare(PrePrepare(view: 0, sequence: 33, request: setX)), deliver: false)  // n > H = 2K
        cluster.send(from: 1, to: 2, .prePrepare(PrePrepare(view: 0, sequence: 2, digest: 42, request: setX)), deliver: false)  // bad digest
        #expect(cluster[2].slots.values.allSatisfy { $0.prePrepare == nil })
        #expect(cluster.queue.isEmpty)
        cluster.send(from: 1, to: 2, .prePrepare(PrePrepare(view: 0, sequence: 32, request: setX)), deliver: false)  // n = H: accepted
        #expect(cluster[2].slots[32]?.prePrepare != nil)
    }

    /// §4.2: no other pre-prepare for (v, n) with a different digest: the first one stands.
    @Test func backupRefusesAConflictingPrePrepareForTheSameViewAndSequence() {
        var cluster = PBFTTestCluster(size: 4)
        let first = PrePrepare(view: 0, sequence: 1, request: setX)
        let other = PrePrepare(view: 0, sequence: 1, request: PBFTTestCluster.request(.set(key: "x", value: "2")))
        cluster.send(from: 1, to: 2, .prePrepare(first), deliver: false)
        cluster.clearQueue()
        cluster.send(from: 1, to: 2, .prePrepare(other), deliver: false)
        #expect(cluster[2].slots[1]?.prePrepare == first)
        #expect(cluster.queue.isEmpty, "no PREPARE for the second digest")
    }

    /// §4.2: prepared = the pre-prepare plus 2f matching PREPAREs from different backups; the
    /// primary's prepare does not count. Then COMMIT is multicast.
    @Test func preparedNeedsTwoFMatchingPreparesFromDifferentBackups() {
        var cluster = PBFTTestCluster(size: 4)
        let prePrepare = PrePrepare(view: 0, sequence: 1, request: setX)
        cluster.send(from: 1, to: 2, .prePrepare(prePrepare), deliver: false)  // n2's own prepare: 1 of 2
        cluster.clearQueue()
        cluster.send(from: 1, to: 2, .prepare(view: 0, sequence: 1, digest: prePrepare.digest), deliver: false)  // the primary's
        cluster.send(from: 3, to: 2, .prepare(view: 0, sequence: 1, digest: 99), deliver: false)  // another digest
        cluster.send(from: 3, to: 2, .prepare(view: 0, sequence: 1, digest: prePrepare.digest), deliver: false)  // replaces it
        #expect(cluster.queue.isEmpty == false && cluster[2].slots[1]?.sentCommit == true)
        #expect(cluster[2].slots[1]?.prepared?.preparers == [NodeID(1), NodeID(2)])
        #expect(cluster.queue.allSatisfy { $0.message == .commit(view: 0, sequence: 1, digest: prePrepare.digest) })

        var fewer = PBFTTestCluster(size: 4)
        fewer.send(from: 1, to: 2, .prePrepare(prePrepare), deliver: false)
        fewer.clearQueue()
        fewer.send(from: 1, to: 2, .prepare(view: 0, sequence: 1, digest: prePrepare.digest), deliver: false)
        fewer.send(from: 3, to: 2, .prepare(view: 0, sequence: 1, digest: 99), deliver: false)
        #expect(fewer.queue.isEmpty && fewer[2].slots[1]?.sentCommit == false)
    }

    /// §4.2: committed-local = prepared plus 2f+1 matching commits; execution follows sequence
    /// order, so a later committed request waits for the earlier one.
    @Test func executesCommittedRequestsInSequenceOrder() {
        var cluster = PBFTTestCluster(size: 4)
        let first = PrePrepare(view: 0, sequence: 1, request: setX)
        let second = PrePrepare(view: 0, sequence: 2, request: PBFTTestCluster.request(.get(key: "x"), client: 1))
        for prePrepare in [second, first] {
            cluster.send(from: 1, to: 2, .prePrepare(prePrepare), deliver: false)
            cluster.send(from: 3, to: 2, .prepare(view: 0, sequence: prePrepare.sequence, digest: prePrepare.digest), deliver: false)
            cluster.send(from: 4, to: 2, .prepare(view: 0, sequence: prePrepare.sequence, digest: prePrepare.digest), deliver: false)
            cluster.send(from: 3, to: 2, .commit(view: 0, sequence: prePrepare.sequence, digest: prePrepare.digest), deliver: false)
            #expect(cluster[2].lastExecuted == 0, "2 of 2f+1 commits")
            cluster.send(from: 4, to: 2, .commit(view: 0, sequence: prePrepare.sequence, digest: prePrepare.digest), deliver: false)
        }
        #expect(cluster[2].lastExecuted == 2)
        #expect(cluster.results(client: 1).map(\.1) == [.value("1")], "the get ran after the set")
    }

    /// §4.2 end to end: every replica executes the request and replies to the client.
    @Test func normalCaseExecutesOnEveryReplicaAndEachReplies() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.request(1, setX)
        cluster.request(1, PBFTTestCluster.request(.incr(key: "n"), timestamp: 2))
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 2 && $0.stateMachine.values == ["x": "1", "n": "1"] })
        #expect(cluster.results().map(\.0) == NodeID.all(count: 4))
        #expect(cluster.results(timestamp: 2).allSatisfy { $0.1 == .counter(1) })
        #expect(cluster.executedAgree([1, 2, 3, 4]))
    }

    /// §4.1: a request already executed is not executed again; its reply is sent again.
    @Test func retransmittedRequestGetsTheCachedReply() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.request(1, PBFTTestCluster.request(.incr(key: "n")))
        cluster.request(1, PBFTTestCluster.request(.incr(key: "n")))
        cluster.request(3, PBFTTestCluster.request(.incr(key: "n")))
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 1 && $0.stateMachine.values["n"] == "1" })
        #expect(cluster.results().count == 6 && cluster.results().allSatisfy { $0.1 == .counter(1) })
    }

    /// §4.1 / §4.4: a backup that gets a request relays it to the primary and starts its timer;
    /// the timer stops when the request executes.
    @Test func backupRelaysRequestToPrimaryAndTimesIt() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.request(3, setX, deliver: false)
        #expect(cluster.queue.map(\.to) == [NodeID(0)] && cluster.queue[0].message == .request(setX))
        #expect(cluster.timerRunning(3))
        #expect(cluster.replies.last?.reply.body == .redirect(NodeID(0)), "the client learns the primary")
        cluster.deliverAll()
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 1 })
        #expect(!cluster.timerRunning(3) && cluster[3].pendingRequests.isEmpty)
    }
}
