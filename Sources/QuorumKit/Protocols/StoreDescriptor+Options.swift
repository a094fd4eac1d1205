import ArgumentParser
import QuorumCore
import QuorumStore

/// The store's own options, shared by `run`, `sweep` and `bench sim`.
public struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Tokens per node on the ring (default 8).", valueName: "n"))
    var vnodes: Int?

    @Option(help: ArgumentHelp("Replicas of each key, per datacenter (default 3).", valueName: "n"))
    var rf: Int?

    @Option(help: ArgumentHelp("Datacenters dc1, dc2, ..., each with --rf replicas of every key (NetworkTopologyStrategy).", valueName: "n"))
    var dcs: Int?

    @Option(help: ArgumentHelp("Replicas per datacenter, e.g. dc1:3,dc2:2 (instead of --dcs and --rf).", valueName: "dc1:n,..."))
    var topology: String?

    @Option(help: ArgumentHelp("Level of reads that name none: ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM, EACH_QUORUM (default QUORUM).", valueName: "level"))
    var readLevel: String?

    @Option(help: ArgumentHelp("Level of writes that name none: ANY or a read level (default QUORUM).", valueName: "level"))
    var writeLevel: String?

    @Option(help: ArgumentHelp("How long a coordinator waits for the level's answers (default 250ms).", valueName: "time"))
    var requestTimeout: String?

    @Option(help: ArgumentHelp("n1's clock runs this far ahead, the last node's on time, the others in between.", valueName: "time"))
    var clockSkew: String?

    @Flag(help: "Dynamo's sloppy quorum: a hint for a replica believed down counts toward the write level.")
    var sloppy = false

    @Option(help: ArgumentHelp("Anti-entropy between replicas: off, or how often each node runs it with a random peer (default 1s).", valueName: "off|time"))
    var antiEntropy: String?

    public init() {}

    /// Replicas per datacenter, from --topology or --dcs and --rf.
    func replicationFactors() throws(InputError) -> [Int] {
        if let rf, !(1...5).contains(rf) { throw InputError(source: "--rf", message: "\(rf) is not a replication factor; use 1 to 5") }
        if let dcs, !(1...8).contains(dcs) { throw InputError(source: "--dcs", message: "\(dcs) is not a number of datacenters; use 1 to 8") }
        guard let topology else { return Array(repeating: rf ?? 3, count: dcs ?? 1) }
        if dcs != nil || rf != nil { throw InputError(source: "--topology", message: "gives the datacenters and their replicas; leave out --dcs and --rf") }
        switch StoreConfig.parseTopology(topology) {
        case .success(let factors): return factors
        case .failure(let failure): throw InputError(source: "--topology", message: failure.message)
        }
    }

    func level(_ option: String, _ text: String?, reads: Bool) throws(InputError) -> ConsistencyLevel {
        guard let text else { return .quorum }
        guard let level = ConsistencyLevel(parsing: text), !reads || level.readable else {
            let names = (reads ? ConsistencyLevel.readLevels : ConsistencyLevel.allCases).map(\.rawValue).joined(separator: ", ")
            throw InputError(source: option, message: "'\(text)' is not a \(reads ? "read" : "write") consistency level (\(names))")
        }
        return level
    }

    public func nodeConfig() throws(InputError) -> StoreConfig {
        try nodeConfig(read: (try level("--read-level", readLevel, reads: true), "--read-level"),
                       write: (try level("--write-level", writeLevel, reads: false), "--write-level"))
    }

    /// The configuration with these levels (each with the option that named it, for errors).
    func nodeConfig(read: (level: ConsistencyLevel, option: String), write: (level: ConsistencyLevel, option: String)) throws(InputError) -> StoreConfig {
        let vnodes = self.vnodes ?? 8
        guard (1...64).contains(vnodes) else { throw InputError(source: "--vnodes", message: "\(vnodes) is not a number of tokens per node; use 1 to 64") }
        let factors = try replicationFactors()
        for (option, level) in [(read.option, read.level), (write.option, write.level)] {
            for datacenter in factors.indices where level.requirement(replicationFactors: factors, localDatacenter: datacenter) == nil {
                throw InputError(source: option, message: "\(level) needs more replicas than \(factors.count == 1 ? "--rf \(factors[0])" : "dc\(datacenter + 1) has") gives")
            }
        }
        let (read, write) = (read.level, write.level)
        let timeout = try requestTimeout.map { text throws(InputError) in try parseDuration("--request-timeout", text) } ?? SimTime(micros: 250_000)
        let skew = try clockSkew.map { text throws(InputError) in try parseDuration("--clock-skew", text, allowZero: true) } ?? .zero
        let antiEntropyMicros: Int64
        switch antiEntropy {
        case nil: antiEntropyMicros = 1_000_000
        case "off": antiEntropyMicros = 0
        case let text?: antiEntropyMicros = try parseDuration("--anti-entropy", text).micros
        }
        return StoreConfig(vnodes: vnodes, replicationFactors: factors, readLevel: read, writeLevel: write, requestTimeoutMicros: timeout.micros,
                           clockSkewMicros: skew.micros, sloppy: sloppy, antiEntropyIntervalMicros: antiEntropyMicros)
    }

    var datacenterCount: Int? { (try? replicationFactors()).flatMap { $0.count > 1 ? $0.count : nil } }

    /// Several datacenters: enough nodes that each holds its replicas (datacenters x the largest RF).
    var impliedNodeCount: Int? {
        guard let factors = try? replicationFactors(), factors.count > 1 else { return nil }
        return factors.count * (factors.max() ?? 1)
    }

    /// Every datacenter has at least as many nodes as its replication factor.
    func validate(nodeCount: Int) throws(InputError) {
        try validate(nodeCount: nodeCount, config: try nodeConfig())
    }

    func validate(nodeCount: Int, config: StoreConfig) throws(InputError) {
        guard nodeCount >= config.datacenterCount else {
            throw InputError(source: "--nodes", message: "\(nodeCount) nodes cannot make \(config.datacenterCount) datacenters")
        }
        for (datacenter, factor) in config.replicationFactors.enumerated() {
            let nodes = config.nodeCount(inDatacenter: datacenter, clusterSize: nodeCount)
            guard nodes >= factor else {
                let source = topology == nil ? "--rf" : "--topology"
                throw InputError(source: source, message: "\(factor) replicas in dc\(datacenter + 1), which has \(nodes) of the \(nodeCount) nodes (use --nodes \(factor * config.datacenterCount))")
            }
        }
    }

    var commandLineWords: [String] {
        var words: [String] = []
        if let vnodes { words += ["--vnodes", String(vnodes)] }
        if let rf { words += ["--rf", String(rf)] }
        if let dcs { words += ["--dcs", String(dcs)] }
        if let topology { words += ["--topology", topology] }
        if let readLevel { words += ["--read-level", readLevel] }
        if let writeLevel { words += ["--write-level", writeLevel] }
        if let requestTimeout { words += ["--request-timeout", requestTimeout] }
        if let clockSkew { words += ["--clock-skew", clockSkew] }
        if sloppy { words.append("--sloppy") }
        if let antiEntropy { words += ["--anti-entropy", antiEntropy] }
        return words
    }
}
