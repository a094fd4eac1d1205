import Testing
import QuorumCore
@testable import QuorumStore

/// Placement on the consistent-hash ring (Dynamo §4.2, §4.3) and NetworkTopologyStrategy.
@Suite("Ring")
struct RingTests {
    @Test func replicasAreTheFirstRFDistinctNodesClockwise() {
        let ring = Ring(nodeCount: 5, vnodes: 8, datacenterOf: [0, 0, 0, 0, 0], replicationFactors: [3])
        #expect(ring.tokens.count == 40)
        for index in 0..<200 {
            let key = "key\(index)"
            let replicas = ring.replicas(of: key)
            #expect(replicas.count == 3 && Set(replicas).count == 3)
            #expect(replicas[0] == ring.owner(of: key), "Dynamo §4.3: the coordinator node is the first one clockwise")
            // Walking the tokens clockwise from the key meets the replicas in this order, each first.
            var start = ring.firstTokenIndex(atOrAfter: Ring.hash(key))
            var seen: [NodeID] = []
            while seen.count < 3 {
                if !seen.contains(ring.tokens[start].node) { seen.append(ring.tokens[start].node) }
                start = (start + 1) % ring.tokens.count
            }
            #expect(seen == replicas)
        }
    }

    @Test func everyNodeHoldsSomeKeysAndPlacementIsStable() {
        let ring = Ring(nodeCount: 5, vnodes: 8, datacenterOf: [0, 0, 0, 0, 0], replicationFactors: [3])
        var held = Array(repeating: 0, count: 5)
        for index in 0..<300 { for node in ring.replicas(of: "key\(index)") { held[node.index] += 1 } }
        #expect(held.allSatisfy { $0 > 60 }, "\(held)")
        #expect(Ring(nodeCount: 5, vnodes: 8, datacenterOf: [0, 0, 0, 0, 0], replicationFactors: [3]) == ring)
    }

    @Test func networkTopologyStrategyPlacesRFPerDatacenter() {
        let datacenters = StoreConfig(replicationFactors: [3, 2]).datacenterOf(clusterSize: 8)
        #expect(datacenters == [0, 0, 0, 0, 1, 1, 1, 1])
        let ring = Ring(nodeCount: 8, vnodes: 8, datacenterOf: datacenters, replicationFactors: [3, 2])
        for index in 0..<200 {
            let replicas = ring.replicas(of: "key\(index)")
            #expect(replicas.filter { datacenters[$0.index] == 0 }.count == 3)
            #expect(replicas.filter { datacenters[$0.index] == 1 }.count == 2)
            #expect(Set(replicas).count == 5)
            // Per datacenter, the first RF distinct nodes of that datacenter met walking clockwise
            // from the key's token, in that order (NetworkTopologyStrategy).
            for (datacenter, factor) in [3, 2].enumerated() {
                var walk = ring.firstTokenIndex(atOrAfter: Ring.hash("key\(index)"))
                var seen: [NodeID] = []
                while seen.count < factor {
                    let node = ring.tokens[walk].node
                    if datacenters[node.index] == datacenter, !seen.contains(node) { seen.append(node) }
                    walk = (walk + 1) % ring.tokens.count
                }
                #expect(replicas.filter { datacenters[$0.index] == datacenter } == seen)
            }
        }
    }

    @Test func aDatacenterWithFewerNodesThanItsRFHoldsWhatItHas() {
        let ring = Ring(nodeCount: 4, vnodes: 4, datacenterOf: [0, 0, 0, 1], replicationFactors: [3, 3])
        #expect(ring.replicas(of: "x").count == 4)
    }
}
