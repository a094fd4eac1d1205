import QuorumCore

/// Runs the trials of `quorum pbs` through the store's nodes (`PBSDriver`): N replicas and one
/// coordinator, many keys, one trial per key (keys never interact: no read repair, hints or
/// anti-entropy), in batches that run side by side.
public struct PBSExperiment: Sendable {
    public var replicas: Int
    public var readCount: Int
    public var writeCount: Int
    public var trials: Int
    public var seed: UInt64
    public var legs: (write: LatencyDistribution, ack: LatencyDistribution, read: LatencyDistribution, response: LatencyDistribution)
    /// Trials running at once (few: a longer event queue costs more per event than the batches'
    /// fixed cost, measured).
    public var batchSize = 8

    public init(replicas: Int, readCount: Int, writeCount: Int, trials: Int, seed: UInt64 = 1,
                legs: (LatencyDistribution, LatencyDistribution, LatencyDistribution, LatencyDistribution)) {
        self.replicas = replicas
        self.readCount = readCount
        self.writeCount = writeCount
        self.trials = trials
        self.seed = seed
        self.legs = legs
    }

    /// Simulated events of the trials run so far (for the command's report).
    public struct Measurement: Sendable {
        public var probabilities: [Double]
        public var events: UInt64
    }

    func driver(_ placement: PBSMode.Placement, readDelaysMicros: [Int64] = []) -> PBSDriver {
        var config = StoreConfig(replicationFactors: [replicas], requestTimeoutMicros: 3_600_000_000, antiEntropyIntervalMicros: 0, readRepair: false)
        config.pbs = PBSMode(replicas: replicas, readCount: readCount, writeCount: writeCount, placement: placement, readDelaysMicros: readDelaysMicros)
        // The legs are the only delays: messages arrive when sent (no network delay, loss or
        // failure), and nobody gives up on a request.
        return PBSDriver(nodeCount: replicas + 1, config: config, seed: seed)
    }

    var coordinator: NodeID { NodeID(replicas) }

    /// t-visibility (§5): for each t, the share of trials in which a read started t after the
    /// write committed (its W-th ack) returned the write. The coordinator starts the reads itself
    /// when the write commits.
    public func tVisibility(timesMicros: [Int64]) -> Measurement {
        var driver = driver(.wars(write: legs.write, ack: legs.ack, read: legs.read, response: legs.response), readDelaysMicros: timesMicros)
        var first = 0
        while first < trials {
            let batch = first..<min(trials, first + batchSize)
            for trial in batch { driver.request(.set(key: "p\(trial)", value: "new"), at: coordinator) }
            driver.drain()
            _ = driver.takeReplies()
            first = batch.upperBound
        }
        let visible = driver.nodes[coordinator.index].trialVisible
        let counts = visible.count == timesMicros.count ? visible : Array(repeating: 0, count: timesMicros.count)
        return Measurement(probabilities: counts.map { Double($0) / Double(trials) }, events: driver.events)
    }

    /// k-staleness (§3.1): `maxK` versions are written, each to W replicas chosen uniformly at
    /// random; then a read of R random replicas. For each k, the share of reads that returned one
    /// of the last k versions.
    public func kStaleness(ks: [Int]) -> Measurement {
        var driver = driver(.uniformQuorums)
        let versions = ks.max() ?? 1
        var within = Array(repeating: 0, count: ks.count)
        var first = 0
        while first < trials {
            let batch = first..<min(trials, first + batchSize)
            let start = driver.now
            // Versions 1...versions, a microsecond apart, so their timestamps order them.
            for version in 1...versions {
                for trial in batch {
                    driver.request(.set(key: "p\(trial)", value: String(version)), at: coordinator,
                                   time: start.adding(micros: Int64(version)))
                }
            }
            driver.drain()
            _ = driver.takeReplies()
            for trial in batch { driver.request(.get(key: "p\(trial)"), at: coordinator) }
            driver.drain()
            for reply in driver.takeReplies() {
                guard case .result(.value(let value)) = reply.body else { continue }
                let version = value.flatMap { Int($0) } ?? 0
                for (index, k) in ks.enumerated() where version > versions - k { within[index] += 1 }
            }
            first = batch.upperBound
        }
        return Measurement(probabilities: within.map { Double($0) / Double(trials) }, events: driver.events)
    }

    /// Bailis et al. §3.1, equation (2): with uniformly chosen quorums the chance of reading one
    /// of the last k versions is 1 - (C(N-W, R) / C(N, R))^k.
    public static func closedFormKStaleness(replicas n: Int, read r: Int, write w: Int, k: Int) -> Double {
        let miss = binomial(n - w, r) / binomial(n, r)
        var power = 1.0
        for _ in 0..<k { power *= miss }
        return 1 - power
    }

    static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, n >= 0, k <= n else { return 0 }
        var result = 1.0
        for index in 0..<k { result = result * Double(n - index) / Double(index + 1) }
        return result
    }

    /// The standard error of a share `p` measured over `trials` independent trials.
    public static func standardError(_ p: Double, trials: Int) -> Double {
        guard trials > 0 else { return 0 }
        return (p * (1 - p) / Double(trials)).squareRoot()
    }
}
