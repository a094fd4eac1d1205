import QuorumCore
import Testing
@testable import QuorumPBFT

/// PBFT §4.1: the client.
@Suite("PBFT §4.1 client")
struct PBFTClientTests {
    let request = PBFTTestCluster.request(.get(key: "x"))

    private func result(_ output: OperationOutput) -> ClientReply { ClientReply(client: ClientID(0), sequence: 1, body: .result(output)) }

    /// The request goes to the primary; after a timeout, to every replica.
    @Test func sendsToThePrimaryThenToAllAfterATimeout() {
        var client = PBFTClient(clusterSize: 4)
        var random = RandomStream(seed: 1)
        client.begin(request)
        #expect(client.targets(failed: [], random: &random) == [NodeID(0)])
        #expect(client.targets(failed: [NodeID(0)], random: &random) == NodeID.all(count: 4))
    }

    /// A result completes only with f+1 matching replies from different replicas; one liar (or
    /// the same replica twice) is not enough.
    @Test func completesOnFPlusOneMatchingRepliesFromDifferentReplicas() {
        var client = PBFTClient(clusterSize: 4)
        client.begin(request)
        #expect(client.received(result(.value("lie")), from: NodeID(1)) == .wait)
        #expect(client.received(result(.value("1")), from: NodeID(0)) == .wait)
        #expect(client.received(result(.value("1")), from: NodeID(0)) == .wait, "the same replica counts once")
        #expect(client.received(result(.value("1")), from: NodeID(2)) == .complete(.value("1")))

        var seven = PBFTClient(clusterSize: 7)  // f = 2: three matching replies
        seven.begin(request)
        #expect(seven.received(result(.done), from: NodeID(0)) == .wait)
        #expect(seven.received(result(.done), from: NodeID(1)) == .wait)
        #expect(seven.received(result(.done), from: NodeID(5)) == .complete(.done))
    }

    /// Replies of an earlier operation do not count for the next one.
    @Test func beginForgetsThePreviousOperation() {
        var client = PBFTClient(clusterSize: 4)
        client.begin(request)
        _ = client.received(result(.value("1")), from: NodeID(0))
        client.begin(PBFTTestCluster.request(.get(key: "x"), timestamp: 2))
        #expect(client.received(result(.value("1")), from: NodeID(1)) == .wait)
    }

    /// The client follows a primary that f+1 backups name (one backup may lie about it).
    @Test func followsThePrimaryFPlusOneBackupsName() {
        var client = PBFTClient(clusterSize: 4)
        var random = RandomStream(seed: 1)
        client.begin(request)
        let named = ClientReply(client: ClientID(0), sequence: 1, body: .redirect(NodeID(1)))
        #expect(client.received(named, from: NodeID(2)) == .wait)
        #expect(client.primary == NodeID(0))
        #expect(client.received(named, from: NodeID(3)) == .wait)
        #expect(client.primary == NodeID(1))
        #expect(client.targets(failed: [], random: &random) == [NodeID(1)])
    }
}
