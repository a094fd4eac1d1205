import QuorumCore

/// Settings of the Dynamo-style store.
public struct StoreConfig: Hashable, Sendable {
    /// Tokens per node on the ring (Dynamo §4.2 virtual nodes).
    public var vnodes: Int
    /// Replicas of each key per datacenter (NetworkTopologyStrategy); one entry per datacenter.
    public var replicationFactors: [Int]
    /// The levels of requests that name none (the client workload's).
    public var readLevel: ConsistencyLevel
    public var writeLevel: ConsistencyLevel
    /// How long a coordinator waits for the level's answers before it answers "timeout".
    public var requestTimeoutMicros: Int64
    /// n1's clock runs this far ahead of true time, the last node's on time, the others in between.
    public var clockSkewMicros: Int64
    /// Dynamo's sloppy quorum (§4.6): a hint for a replica believed down counts toward W.
    /// Otherwise hints never count (Cassandra), except for ANY.
    public var sloppy: Bool
    /// Each node runs anti-entropy with one random peer this often; 0: off.
    public var antiEntropyIntervalMicros: Int64
    /// Nodes ping each other this often; a node heard from within `convictAfterMicros` is believed up.
    public var heartbeatMicros: Int64
    public var convictAfterMicros: Int64
    /// Read repair on reads above ONE (Cassandra's blocking read repair); off in PBS trials.
    public var readRepair: Bool
    /// Set for the trials of `quorum pbs` only.
    public var pbs: PBSMode?

    public init(vnodes: Int = 8, replicationFactors: [Int] = [3], readLevel: ConsistencyLevel = .quorum, writeLevel: ConsistencyLevel = .quorum,
                requestTimeoutMicros: Int64 = 250_000, clockSkewMicros: Int64 = 0, sloppy: Bool = false,
                antiEntropyIntervalMicros: Int64 = 1_000_000, heartbeatMicros: Int64 = 250_000, convictAfterMicros: Int64 = 1_000_000,
                readRepair: Bool = true) {
        self.vnodes = vnodes
        self.replicationFactors = replicationFactors
        self.readLevel = readLevel
        self.writeLevel = writeLevel
        self.requestTimeoutMicros = requestTimeoutMicros
        self.clockSkewMicros = clockSkewMicros
        self.sloppy = sloppy
        self.antiEntropyIntervalMicros = antiEntropyIntervalMicros
        self.heartbeatMicros = heartbeatMicros
        self.convictAfterMicros = convictAfterMicros
        self.readRepair = readRepair
    }

    public var datacenterCount: Int { replicationFactors.count }

    /// The datacenter of each node: consecutive nodes, as even as they go (the rule of the core's
    /// `Datacenters.even`, so the store and the network agree on who is where).
    public func datacenterOf(clusterSize: Int) -> [Int] {
        (0..<clusterSize).map { $0 * datacenterCount / clusterSize }
    }

    public func nodeCount(inDatacenter datacenter: Int, clusterSize: Int) -> Int {
        datacenterOf(clusterSize: clusterSize).count { $0 == datacenter }
    }

    /// How far node `index`'s clock runs ahead of true time.
    public func clockOffsetMicros(of index: Int, clusterSize: Int) -> Int64 {
        guard clusterSize > 1 else { return clockSkewMicros }
        return clockSkewMicros * Int64(clusterSize - 1 - index) / Int64(clusterSize - 1)
    }

    /// The topology as `--topology` writes it: `dc1:3,dc2:3`.
    public var topologyText: String {
        replicationFactors.enumerated().map { "dc\($0.offset + 1):\($0.element)" }.joined(separator: ",")
    }

    /// Whether every read at `readLevel` must meet every acknowledged write at `writeLevel` on some
    /// replica (R + W > N, Dynamo §4.5), wherever the two coordinators are. Found by looking for
    /// the worst case: a write set and a read set that fit side by side in every datacenter. A
    /// sloppy quorum or ANY may count hints, which no read finds, so they promise nothing.
    public var quorumsOverlap: Bool {
        guard !sloppy, writeLevel != .any else { return false }
        return alwaysMeet(readLevel, writeLevel)
    }

    /// Whether any two reads at `readLevel` must meet on some replica, wherever their coordinators
    /// are. Blocking read repair leaves the value a read returned on the replicas it read, and no
    /// others: a later read that misses them all can return an older value while the write is
    /// still on its way (Cassandra documentation, "Read repair": blocking read repair gives
    /// monotonic *quorum* reads, a quorum being a majority of the replicas). ONE reads with ALL
    /// writes, or LOCAL_QUORUM reads in two datacenters, overlap every write but not each other.
    public var readsOverlap: Bool {
        guard readRepair else { return false }
        return alwaysMeet(readLevel, readLevel)
    }

    /// Whether every replica set meeting `first` shares a replica with every set meeting `second`,
    /// wherever the two coordinators are (a level a datacenter cannot meet is refused there, so it
    /// is no case).
    private func alwaysMeet(_ first: ConsistencyLevel, _ second: ConsistencyLevel) -> Bool {
        for firstHome in replicationFactors.indices {
            for secondHome in replicationFactors.indices {
                guard let a = first.requirement(replicationFactors: replicationFactors, localDatacenter: firstHome),
                      let b = second.requirement(replicationFactors: replicationFactors, localDatacenter: secondHome) else { continue }
                if Self.canBeDisjoint(a, b, replicationFactors: replicationFactors) { return false }
            }
        }
        return true
    }

    /// Whether the store keeps linearizable registers with one clock and no failures: every read
    /// meets every acknowledged write (R + W > N, Dynamo §4.5) and every earlier read (R + R > N,
    /// which blocking read repair needs to make a read's answer stick).
    public var promisesLinearizability: Bool { quorumsOverlap && readsOverlap }

    /// Whether some read set and write set meeting the two requirements share no replica.
    static func canBeDisjoint(_ read: ConsistencyLevel.Requirement, _ write: ConsistencyLevel.Requirement, replicationFactors: [Int]) -> Bool {
        var slack = 0
        for (index, factor) in replicationFactors.enumerated() {
            let spare = factor - read.perDatacenter[index] - write.perDatacenter[index]
            if spare < 0 { return false }
            slack += spare
        }
        let extraRead = max(0, read.total - read.perDatacenter.reduce(0, +))
        let extraWrite = max(0, write.total - write.perDatacenter.reduce(0, +))
        return extraRead + extraWrite <= slack
    }

    /// Parses `dc1:3,dc2:3`: datacenters named dc1, dc2, ... in order, each with its replication
    /// factor (1 to 5). Nil with a reason when malformed.
    public static func parseTopology(_ text: String) -> Result<[Int], ParseFailure> {
        var factors: [Int] = []
        for (index, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let halves = part.split(separator: ":", omittingEmptySubsequences: false)
            if halves.count == 1, part == "dc\(index + 1)" {
                return .failure(ParseFailure("'\(part)' has no replication factor (write \(part):3)"))
            }
            guard halves.count == 2, halves[0] == "dc\(index + 1)" else {
                return .failure(ParseFailure("'\(part)' is not datacenter \(index + 1) (write dc1:3,dc2:3, datacenters in order)"))
            }
            guard let factor = Int(halves[1]), (1...5).contains(factor) else {
                return .failure(ParseFailure("'\(halves[1])' is not a replication factor for \(halves[0]); use 1 to 5"))
            }
            factors.append(factor)
        }
        guard (1...8).contains(factors.count) else { return .failure(ParseFailure("use 1 to 8 datacenters")) }
        return .success(factors)
    }
}
