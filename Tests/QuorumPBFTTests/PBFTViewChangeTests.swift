import QuorumCore
import Testing
@testable import QuorumPBFT

/// PBFT §4.4 (view changes) and §4.5.2 (their liveness rules).
@Suite("PBFT §4.4 view change")
struct PBFTViewChangeTests {
    let setX = PBFTTestCluster.request(.set(key: "x", value: "1"))

    /// A backup whose timer expires moves to view v+1 and multicasts VIEW-CHANGE with its stable
    /// checkpoint and a prepared certificate for each request prepared above it; it then accepts
    /// no normal-case message of the view.
    @Test func expiredTimerSendsViewChangeWithPreparedCertificates() throws {
        var cluster = PBFTTestCluster(size: 4)
        cluster.dropRule = { _, _, message in if case .commit = message { return true } else { return false } }
        cluster.request(1, setX)
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 0 })
        cluster.fire(2, deliver: false)
        #expect(cluster[2].view == 1 && cluster[2].changingView)
        let change = try #require(cluster.queue.compactMap { if case .viewChange(let change) = $0.message { change } else { nil } }.first)
        #expect(change.newView == 1 && change.sender == NodeID(1) && change.stable == .initial)
        #expect(change.prepared.map(\.prePrepare.request) == [setX] && change.prepared[0].preparers.count == 2)
        cluster.clearQueue()
        cluster.send(from: 1, to: 2, .prePrepare(PrePrepare(view: 0, sequence: 2, request: setX)), deliver: false)
        #expect(cluster[2].slots[2] == nil && cluster.queue.isEmpty)
    }

    /// A request prepared at a quorum survives the view change: the new primary re-proposes it
    /// at the same sequence number in O and every replica executes it there.
    @Test func preparedRequestSurvivesAViewChange() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.dropRule = { _, _, message in if case .commit = message { return true } else { return false } }
        cluster.request(1, setX)
        let digest = PBFTMessage.digest(of: setX)
        cluster.dropRule = nil
        for backup in 2...3 { cluster.fire(backup) }
        #expect(cluster.nodes.allSatisfy { $0.view == 1 && !$0.changingView }, "n1 and n4 joined on f+1 view changes (§4.5.2)")
        #expect(cluster[2].isPrimary)
        let newView = cluster.delivered.compactMap { if case .newView(let newView) = $0.message { newView } else { nil } }
        #expect(newView.first?.prePrepares == [PrePrepare(view: 1, sequence: 1, request: setX)])
        #expect(cluster.nodes.allSatisfy { $0.executedDigests == [digest] && $0.stateMachine.values == ["x": "1"] })
        cluster.request(2, PBFTTestCluster.request(.get(key: "x"), timestamp: 2))
        #expect(cluster.nodes.allSatisfy { $0.lastExecuted == 2 }, "the new primary orders new requests after it")
    }

    /// O: min-s is the latest stable checkpoint in V, max-s the highest prepared sequence number;
    /// each n between gets the request of the certificate of the highest view, or a null request.
    @Test func newViewReproposesPreparedRequestsAndFillsGapsWithNull() {
        let other = PBFTTestCluster.request(.set(key: "x", value: "2"))
        func certificate(_ view: Int, _ sequence: Int, _ request: ClientRequest) -> PreparedCertificate {
            PreparedCertificate(prePrepare: PrePrepare(view: view, sequence: sequence, request: request), preparers: [NodeID(2), NodeID(3)])
        }
        let changes = [
            ViewChange(newView: 3, sender: NodeID(0), stable: .initial, prepared: [certificate(0, 1, setX), certificate(0, 3, setX)]),
            ViewChange(newView: 3, sender: NodeID(1), stable: .initial, prepared: [certificate(1, 3, other)]),
            ViewChange(newView: 3, sender: NodeID(2), stable: .initial, prepared: []),
        ]
        let o = PBFTNode.computeO(view: 3, changes)
        #expect(o == [PrePrepare(view: 3, sequence: 1, request: setX), PrePrepare(view: 3, sequence: 2, request: nil),
                      PrePrepare(view: 3, sequence: 3, request: other)])
        #expect(PBFTNode.computeO(view: 3, [changes[2]]).isEmpty)
    }

    /// Backups check O by computing it themselves: a NEW-VIEW whose O differs is refused.
    @Test func backupRefusesANewViewWhoseODiffersFromItsOwn() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.dropRule = { _, _, message in if case .newView = message { return true } else { return false } }
        cluster.fire(3)
        cluster.fire(4)
        #expect(cluster[3].view == 1 && cluster[3].changingView)
        cluster.clearQueue()
        cluster.dropRule = nil
        let changes = (1...3).map { ViewChange(newView: 1, sender: NodeID($0), stable: .initial, prepared: []) }
        let forged = NewView(view: 1, viewChanges: changes, prePrepares: [PrePrepare(view: 1, sequence: 1, request: setX)])
        cluster.send(from: 2, to: 3, .newView(forged), deliver: false)
        #expect(cluster[3].changingView, "O must be empty for an empty P")
        let fromNonPrimary = NewView(view: 1, viewChanges: changes, prePrepares: [])
        cluster.send(from: 4, to: 3, .newView(fromNonPrimary), deliver: false)
        #expect(cluster[3].changingView, "only the primary of the view sends NEW-VIEW")
        cluster.send(from: 2, to: 3, .newView(NewView(view: 1, viewChanges: Array(changes.prefix(2)), prePrepares: [])), deliver: false)
        #expect(cluster[3].changingView, "V needs 2f+1 view changes")
        cluster.send(from: 2, to: 3, .newView(fromNonPrimary), deliver: false)
        #expect(!cluster[3].changingView && cluster[3].view == 1)
    }

    /// §4.5.2: with 2f+1 view changes a replica waits T for the NEW-VIEW; if it does not come,
    /// it moves to v+2 and waits 2T.
    @Test func timersDoubleOnSuccessiveFailedViewChanges() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.dropRule = { _, _, message in if case .newView = message { return true } else { return false } }
        cluster.fire(2)
        cluster.fire(3)  // n1 and n4 join; n2, the new primary, sends a NEW-VIEW that is lost
        let base = cluster[3].config.viewChangeTimeoutMicros
        #expect(cluster[3].view == 1 && cluster[3].changingView && cluster.timerRunning(3))
        #expect(cluster[3].viewChangeTimeoutMicros == base)
        cluster.fire(1)
        cluster.fire(4)
        #expect(cluster[4].view == 2 && cluster[4].changingView && cluster[4].failedViewChanges == 1)
        #expect(cluster[4].viewChangeTimeoutMicros == 2 * base)
        cluster.dropRule = nil
        cluster.fire(1)
        cluster.fire(4)
        #expect(cluster.nodes.allSatisfy { $0.view == 3 && !$0.changingView })
        #expect(cluster[1].failedViewChanges == 2 && cluster[1].viewChangeTimeoutMicros == 4 * base)
        cluster.request(4, setX)
        #expect(cluster[1].lastExecuted == 1 && cluster[1].failedViewChanges == 0, "an executed request resets T")
    }

    /// §4.5.2: f+1 view changes for later views make a replica join before its own timer expires.
    @Test func fPlusOneViewChangesMakeAReplicaJoin() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.fire(2, deliver: false)
        cluster.deliverQueued()
        #expect(cluster[3].view == 0 && !cluster[3].changingView, "one asker may be faulty")
        cluster.fire(4, deliver: false)
        cluster.deliverQueued()
        #expect(cluster[3].view == 1 && cluster[1].view == 1)
    }

    /// A VIEW-CHANGE is checked: a prepared certificate needs 2f prepares from backups of its view.
    @Test func viewChangeWithABadCertificateIsIgnored() {
        var cluster = PBFTTestCluster(size: 4)
        let bad = PreparedCertificate(prePrepare: PrePrepare(view: 0, sequence: 1, request: setX), preparers: [NodeID(0), NodeID(2)])
        cluster.send(from: 2, to: 3, .viewChange(ViewChange(newView: 1, sender: NodeID(1), stable: .initial, prepared: [bad])), deliver: false)
        cluster.send(from: 4, to: 3, .viewChange(ViewChange(newView: 1, sender: NodeID(2), stable: .initial, prepared: [])), deliver: false)
        #expect(cluster[3].view == 0, "one valid view change, from a sender that is not itself: no join")
    }
}
