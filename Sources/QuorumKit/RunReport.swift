import QuorumCore
import QuorumCheckers

/// What a run produced, for the summary.
public struct RunReport: Sendable {
    /// A protocol's own result, in the summary as text and in JSON under `key`.
    public struct Field: Sendable {
        /// How a sweep sums the field up over its seeds.
        public enum Aggregate: Sendable {
            /// A count: the total over the seeds.
            case total
            /// A measure (a time): the largest of the seeds'.
            case largest
            /// A yes/no result (`null` when it could not be told): the seeds where it held.
            case held
            /// Not summed up (text, lists).
            case none
        }

        public let key: String
        /// The JSON value, already encoded.
        public let json: String
        public let text: String
        public let aggregate: Aggregate

        public init(_ key: String, int value: Int, aggregate: Aggregate = .total) {
            self.init(key, json: String(value), text: String(value), aggregate: aggregate)
        }
        public init(_ key: String, bool value: Bool) { self.init(key, json: value ? "true" : "false", text: value ? "yes" : "NO", aggregate: .held) }
        public init(_ key: String, json: String, text: String, aggregate: Aggregate = .none) {
            self.key = key
            self.json = json
            self.text = text
            self.aggregate = aggregate
        }
    }

    public var protocolName: String
    public var seed: UInt64
    public var nodeCount: Int
    public var simulatedTime: SimTime
    public var stats: RunStats
    /// For log-based protocols: the highest committed index.
    public var committedEntries: Int?
    public var clientOpsOk = 0
    public var clientOpsFailed = 0
    public var clientOpsUnknown = 0
    public var violations: [String]
    public var livenessFailure: String?
    /// The whole run: simulation, the monitor's analysis (settling, checks) and the history checks.
    public var wallSeconds: Double
    /// The simulation alone (up to the end of the run, before any analysis) and its events: what
    /// `eventsPerSecond` measures, so a protocol with a costly checker is not reported as a slow simulator.
    public var simulationSeconds = 0.0
    public var simulationEvents: UInt64 = 0
    /// FNV-1a over every event's description, when asked for.
    public var eventDigest: UInt64?
    public var linearizability: LinearizabilityResult?
    public var sequentialConsistency: Verdict?
    public var protocolFields: [Field] = []

    public init(protocolName: String, seed: UInt64, nodeCount: Int, simulatedTime: SimTime, stats: RunStats,
                violations: [String] = [], livenessFailure: String? = nil, wallSeconds: Double, eventDigest: UInt64? = nil) {
        self.protocolName = protocolName
        self.seed = seed
        self.nodeCount = nodeCount
        self.simulatedTime = simulatedTime
        self.stats = stats
        self.violations = violations
        self.livenessFailure = livenessFailure
        self.wallSeconds = wallSeconds
        self.eventDigest = eventDigest
    }

    /// Simulated events per wall-clock second of the simulation (analysis excluded).
    public var eventsPerSecond: Double { simulationSeconds > 0 ? Double(simulationEvents) / simulationSeconds : 0 }

    /// A run fails on an invariant violation, a liveness failure, or a history that is not
    /// linearizable although the protocol promises it (not in the unsafe stale-reads mode).
    public var failed: Bool { !violations.isEmpty || livenessFailure != nil || linearizabilityFailure != nil }

    public var linearizabilityFailure: String? {
        guard expectsLinearizable, let linearizability, linearizability.verdict == .notLinearizable else { return nil }
        return "linearizability: the client history is not linearizable\n" + (linearizability.counterexample?.description ?? "")
    }

    /// False for protocols or modes that knowingly give up linearizability.
    public var expectsLinearizable = true
}
