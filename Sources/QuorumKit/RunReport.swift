import QuorumCore
import QuorumCheckers

/// What a run produced, for the summary.
public struct RunReport: Sendable {
    /// A protocol's own result, in the summary as text and in JSON under `key`.
    public struct Field: Sendable {
        public let key: String
        /// The JSON value, already encoded.
        public let json: String
        public let text: String

        public init(_ key: String, int value: Int) { self.init(key, json: String(value), text: String(value)) }
        public init(_ key: String, bool value: Bool) { self.init(key, json: value ? "true" : "false", text: value ? "yes" : "NO") }
        public init(_ key: String, json: String, text: String) {
            self.key = key
            self.json = json
            self.text = text
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
    public var wallSeconds: Double
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

    public var eventsPerSecond: Double { wallSeconds > 0 ? Double(stats.events) / wallSeconds : 0 }

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
