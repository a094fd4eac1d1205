import Testing
@testable import QuorumStore

/// Cassandra's arithmetic for every level, 1 to 3 datacenters with the same RF in each, RF 1 to 5.
/// The expected numbers are written out, not computed, so the table checks the formula.
@Suite("Consistency levels")
struct ConsistencyLevelTests {
    /// answers needed, by level, then [datacenters - 1][rf - 1]; nil: the level cannot be met.
    static let expected: [(ConsistencyLevel, [[Int?]])] = [
        (.any, [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]),
        (.one, [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]),
        (.two, [[nil, 2, 2, 2, 2], [2, 2, 2, 2, 2], [2, 2, 2, 2, 2]]),
        (.three, [[nil, nil, 3, 3, 3], [nil, 3, 3, 3, 3], [3, 3, 3, 3, 3]]),
        (.quorum, [[1, 2, 2, 3, 3], [2, 3, 4, 5, 6], [2, 4, 5, 7, 8]]),
        (.all, [[1, 2, 3, 4, 5], [2, 4, 6, 8, 10], [3, 6, 9, 12, 15]]),
        (.localOne, [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]),
        (.localQuorum, [[1, 2, 2, 3, 3], [1, 2, 2, 3, 3], [1, 2, 2, 3, 3]]),
        (.eachQuorum, [[1, 2, 2, 3, 3], [2, 4, 4, 6, 6], [3, 6, 6, 9, 9]]),
    ]

    @Test(arguments: 1...3, 1...5)
    func answersNeeded(datacenters: Int, rf: Int) {
        let factors = Array(repeating: rf, count: datacenters)
        for (level, table) in Self.expected {
            let requirement = level.requirement(replicationFactors: factors, localDatacenter: datacenters - 1)
            #expect(requirement?.count == table[datacenters - 1][rf - 1], "\(level) with \(datacenters) dc, rf \(rf)")
        }
    }

    @Test func localLevelsCountTheCoordinatorsDatacenterOnly() throws {
        let factors = [3, 1]
        let localQuorum = try #require(ConsistencyLevel.localQuorum.requirement(replicationFactors: factors, localDatacenter: 1))
        #expect(localQuorum.perDatacenter == [0, 1] && localQuorum.total == 0)
        #expect(localQuorum.isMet(total: 1, perDatacenter: [0, 1]))
        #expect(!localQuorum.isMet(total: 3, perDatacenter: [3, 0]), "three answers from dc1 do not make a LOCAL_QUORUM in dc2")
        let each = try #require(ConsistencyLevel.eachQuorum.requirement(replicationFactors: factors, localDatacenter: 0))
        #expect(each.perDatacenter == [2, 1])
        #expect(!each.isMet(total: 3, perDatacenter: [3, 0]))
        let quorum = try #require(ConsistencyLevel.quorum.requirement(replicationFactors: factors, localDatacenter: 0))
        #expect(quorum.total == 3, "floor(4 / 2) + 1")
        #expect(quorum.isMet(total: 3, perDatacenter: [3, 0]))
    }

    @Test func overlapFollowsRPlusWGreaterThanN() {
        #expect(StoreConfig(readLevel: .quorum, writeLevel: .quorum).quorumsOverlap)
        #expect(StoreConfig(readLevel: .one, writeLevel: .all).quorumsOverlap)
        #expect(!StoreConfig(readLevel: .one, writeLevel: .one).quorumsOverlap)
        #expect(!StoreConfig(readLevel: .one, writeLevel: .quorum).quorumsOverlap)
        #expect(!StoreConfig(replicationFactors: [3, 3], readLevel: .localQuorum, writeLevel: .localQuorum).quorumsOverlap)
        #expect(StoreConfig(replicationFactors: [3, 3], readLevel: .localQuorum, writeLevel: .eachQuorum).quorumsOverlap,
                "an EACH_QUORUM write holds 2 of the 3 replicas in every datacenter, a LOCAL_QUORUM read asks 2 of its own 3")
        #expect(!StoreConfig(replicationFactors: [3, 3], readLevel: .localQuorum, writeLevel: .quorum).quorumsOverlap,
                "a QUORUM write (4 of 6) may be 3 in dc1 and 1 in dc2, missed by a LOCAL_QUORUM read in dc2")
        #expect(StoreConfig(replicationFactors: [3, 3], readLevel: .quorum, writeLevel: .quorum).quorumsOverlap)
        #expect(!StoreConfig(readLevel: .quorum, writeLevel: .quorum, sloppy: true).quorumsOverlap)
        #expect(!StoreConfig(readLevel: .all, writeLevel: .any).quorumsOverlap)
    }

    /// A datacenter without replicas of the keyspace (RF 0; the command line takes RF 1 to 5, the
    /// arithmetic takes any): its coordinators can meet no LOCAL_* level (Cassandra answers
    /// unavailable), EACH_QUORUM asks nothing of it, QUORUM and ALL count the others' replicas.
    @Test func aDatacenterWithoutReplicas() throws {
        let factors = [3, 0]
        #expect(ConsistencyLevel.localOne.requirement(replicationFactors: factors, localDatacenter: 1) == nil)
        #expect(ConsistencyLevel.localQuorum.requirement(replicationFactors: factors, localDatacenter: 1) == nil)
        #expect(ConsistencyLevel.localQuorum.requirement(replicationFactors: factors, localDatacenter: 0)?.perDatacenter == [2, 0])
        #expect(ConsistencyLevel.eachQuorum.requirement(replicationFactors: factors, localDatacenter: 1)?.perDatacenter == [2, 0])
        #expect(ConsistencyLevel.quorum.requirement(replicationFactors: factors, localDatacenter: 1)?.total == 2)
        #expect(ConsistencyLevel.all.requirement(replicationFactors: factors, localDatacenter: 1)?.total == 3)
    }

    /// Linearizable registers need every read to meet every earlier read as well (blocking read
    /// repair makes a read's answer stick only on the replicas it asked).
    @Test func linearizabilityNeedsReadsThatOverlapEachOther() {
        let promised: [(StoreConfig, Bool)] = [
            (StoreConfig(readLevel: .quorum, writeLevel: .quorum), true),
            (StoreConfig(readLevel: .all, writeLevel: .one), true),
            (StoreConfig(readLevel: .two, writeLevel: .two), true),
            (StoreConfig(readLevel: .one, writeLevel: .all), false),
            (StoreConfig(replicationFactors: [1], readLevel: .one, writeLevel: .one), true),
            (StoreConfig(replicationFactors: [3, 3], readLevel: .quorum, writeLevel: .quorum), true),
            (StoreConfig(replicationFactors: [3, 3], readLevel: .eachQuorum, writeLevel: .eachQuorum), true),
            (StoreConfig(replicationFactors: [3, 3], readLevel: .eachQuorum, writeLevel: .localQuorum), true),
            (StoreConfig(replicationFactors: [3, 3], readLevel: .localQuorum, writeLevel: .eachQuorum), false),
            (StoreConfig(replicationFactors: [3, 2], readLevel: .localQuorum, writeLevel: .all), false),
            (StoreConfig(readLevel: .quorum, writeLevel: .quorum, readRepair: false), false),
        ]
        for (config, expected) in promised {
            #expect(config.promisesLinearizability == expected, "\(config.readLevel)/\(config.writeLevel) \(config.topologyText)")
        }
    }

    @Test func topologyText() throws {
        #expect(try StoreConfig.parseTopology("dc1:3,dc2:2").get() == [3, 2])
        for bad in ["", "dc1:0", "dc1:6", "dc2:3", "dc1:3,dc3:3", "dc1=3", "dc1:x", "dc1:3,"] {
            #expect((try? StoreConfig.parseTopology(bad).get()) == nil, "\(bad)")
        }
    }
}
