import QuorumCore
import Testing
@testable import QuorumPBFT

/// Byzantine replicas (`byzantineModes` and `misbehave`), one of n = 4 (f = 1).
@Suite("PBFT Byzantine replicas")
struct PBFTByzantineTests {
    let setX = PBFTTestCluster.request(.set(key: "x", value: "1"))

    @Test func modesAreNamed() {
        #expect(PBFTNode.byzantineModes.map(\.name) == ["equivocate", "lie-to-clients", "stale-view", "collude"])
        #expect(PBFTNode.behaviours.map(\.name) == ["honest", "silent", "delay", "equivocate", "lie-to-clients", "stale-view", "collude"])
    }

    /// f+1 = 2 colluders out of 4 (the primary n1 and the backup n2): n3 is given the client's
    /// request and n4 a forgery for the same sequence number, and each gets PREPAREs and COMMITs
    /// from the colluders for what it was given, so each holds a prepared certificate (its own
    /// PREPARE and one other) and 2f+1 COMMITs: the honest replicas execute different requests.
    /// This is what n = 3f+1 rules out for f liars (§4.5.1), and what a checker must catch.
    @Test func fPlusOneColludersMakeHonestReplicasExecuteDifferentRequests() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.behaviours[0] = PBFTNode.collude
        cluster.behaviours[1] = PBFTNode.collude
        cluster.request(1, setX)
        #expect(cluster[3].executedDigests == [PBFTMessage.digest(of: setX)])
        #expect(cluster[4].executedDigests == [PBFTMessage.digest(of: PBFTNode.forgery(of: setX))])
        #expect(!cluster.executedAgree([3, 4]))
        #expect(cluster[4].stateMachine.sortedContents.first?.1 == "forged")
    }

    /// A single colluder (f = 1) cannot do it: as primary, the forgery it sends n4 gathers no
    /// prepared certificate beside the honest majority's, and no two honest replicas diverge;
    /// as backup, its PREPAREs for a forgery match no one's pre-prepare.
    @Test(arguments: [0, 1])
    func oneColluderCannotSplitTheHonestReplicas(colluder: Int) {
        var cluster = PBFTTestCluster(size: 4)
        cluster.behaviours[colluder] = PBFTNode.collude
        cluster.request(1, setX)
        let honest = (1...4).filter { $0 != colluder + 1 }
        #expect(cluster.executedAgree(honest))
        #expect(honest.filter { cluster[$0].executedDigests == [PBFTMessage.digest(of: setX)] }.count >= 2)
    }

    /// An equivocating primary sends different requests for one sequence number to different
    /// backups: no request commits in its view, the backups replace it, and no honest replica
    /// executes both requests (or the forged one).
    @Test func equivocatingPrimaryIsReplacedAndNoHonestReplicaExecutesBoth() throws {
        var cluster = PBFTTestCluster(size: 4)
        cluster.behaviours[0] = PBFTNode.equivocate
        cluster.request(1, setX)
        let sent = cluster.delivered.compactMap { item -> (NodeID, PrePrepare)? in
            guard item.from == NodeID(0), case .prePrepare(let prePrepare) = item.message else { return nil }
            return (item.to, prePrepare)
        }
        let digests = Set(sent.map(\.1.digest))
        #expect(digests.count == 2, "two requests for sequence 1")
        let forged = try #require(digests.first { $0 != PBFTMessage.digest(of: setX) })
        #expect((2...4).allSatisfy { cluster[$0].lastExecuted == 0 }, "nothing commits at an honest replica in the equivocator's view")
        cluster.fire(2)
        cluster.fire(3)
        #expect((2...4).allSatisfy { cluster[$0].view == 1 && !cluster[$0].changingView } && cluster[2].isPrimary)
        cluster.request(2, setX)
        for number in 2...4 {
            #expect(cluster[number].executedDigests == [PBFTMessage.digest(of: setX)], "n\(number)")
            #expect(!cluster[number].executedDigests.contains(forged))
        }
        #expect(cluster.executedAgree([2, 3, 4]))
    }

    /// As backup, an equivocator's prepares and commits carry digests no one proposed: they do
    /// not count, and the other three still commit.
    @Test func equivocatingBackupDoesNotStopTheOthers() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.behaviours[3] = PBFTNode.equivocate
        cluster.request(1, setX)
        #expect([1, 2, 3].allSatisfy { cluster[$0].lastExecuted == 1 })
        #expect(cluster[1].slots[1]?.commits[NodeID(3)] != PBFTMessage.digest(of: setX))
    }

    /// A replica that lies to clients is outvoted: the client needs f+1 matching replies.
    @Test func lyingReplicaIsOutvotedByTheClient() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.behaviours[1] = PBFTNode.lieToClients
        cluster.request(1, PBFTTestCluster.request(.get(key: "x")))
        var client = PBFTClient(clusterSize: 4)
        client.begin(PBFTTestCluster.request(.get(key: "x")))
        var steps: [ClientStep] = []
        for reply in cluster.replies where reply.from == NodeID(1) { steps.append(client.received(reply.reply, from: reply.from)) }
        for reply in cluster.replies where reply.from != NodeID(1) { steps.append(client.received(reply.reply, from: reply.from)) }
        #expect(steps.first == .wait, "the lie alone completes nothing")
        #expect(steps.contains(.complete(.value(nil))) && !steps.contains { if case .complete(.value(let value?)) = $0 { value.hasPrefix("lie") } else { false } })
    }

    /// A stale-view replica takes no part in view changes: as the next primary it sends no
    /// NEW-VIEW, so the others time out again and move past it; its messages carry the old view.
    @Test func staleViewPrimaryIsSkipped() {
        var cluster = PBFTTestCluster(size: 4)
        cluster.behaviours[1] = PBFTNode.staleView
        cluster.fire(3)
        cluster.fire(4)
        #expect([1, 3, 4].allSatisfy { cluster[$0].view == 1 && cluster[$0].changingView }, "no NEW-VIEW from n2")
        #expect(!cluster.delivered.contains { $0.from == NodeID(1) && $0.message.view != nil && $0.message.view! >= 1 })
        cluster.fire(1)
        cluster.fire(3)  // n4 joins on f+1 view changes
        #expect([1, 3, 4].allSatisfy { cluster[$0].view == 2 && !cluster[$0].changingView } && cluster[3].isPrimary)
        cluster.clearDelivered()
        cluster.request(3, setX)
        #expect([1, 3, 4].allSatisfy { cluster[$0].lastExecuted == 1 })
        let stale = cluster.delivered.filter { $0.from == NodeID(1) && $0.message.view != nil }
        #expect(!stale.isEmpty && stale.allSatisfy { $0.message.view == 1 }, "n2 stamps the view before its own")
    }
}
