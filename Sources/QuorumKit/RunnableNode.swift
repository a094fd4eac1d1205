import QuorumCore
import QuorumRecording

/// A protocol the command line can run: the shared wiring (plans, headless runs, recordings, the
/// live UI) asks it only for what differs between protocols.
public protocol RunnableNode: SimulatedNode & NodeDescribing {
    associatedtype Monitor: RunMonitor<Self>

    /// What watches a headless run of this protocol and fills in its part of the report.
    static func makeMonitor(_ plan: RunPlan<Self>) -> Monitor
    /// The default workload with `clients` clients (a store without cas gets none).
    static func workload(clients: Int) -> WorkloadSettings
    /// The node configuration as recording header values, and back.
    static func recordingValues(_ config: Config) -> [String: String]
    static func config(fromRecording values: RecordingValues) throws(InputError) -> Config
}

/// Watches one headless run: after every step, and once at the end.
public protocol RunMonitor<Node>: AnyObject {
    associatedtype Node: SimulatedNode
    func attach(to simulator: Simulator<Node>)
    func afterStep(_ simulator: Simulator<Node>)
    /// After the run (and any liveness phase). May run the simulator further (e.g. to let replicas
    /// settle) and fills in the protocol's part of the report.
    func finish(_ simulator: Simulator<Node>, report: inout RunReport)
}

/// Typed access to a recording header's configuration, with errors naming the field.
public struct RecordingValues {
    let header: RecordingHeader
    let path: String

    public func int(_ key: String) throws(InputError) -> Int64 {
        guard let text = header.config[key], let value = Int64(text) else {
            throw InputError(source: path, line: 1, field: "config.\(key)", message: "missing or not a number")
        }
        return value
    }

    /// A duration in microseconds, by the rule of the duration options: more than 0 (or 0 when
    /// `allowZero`), at most `DurationParsing.maxMicros`.
    public func micros(_ key: String, allowZero: Bool = false) throws(InputError) -> Int64 {
        let value = try int(key)
        guard value > 0 || (allowZero && value == 0), value <= DurationParsing.maxMicros else {
            throw invalid(key, "\(value) is not a duration from \(allowZero ? 0 : 1) to \(DurationParsing.maxMicros) microseconds")
        }
        return value
    }

    /// A whole number within `range`.
    public func int(_ key: String, in range: ClosedRange<Int64>) throws(InputError) -> Int64 {
        let value = try int(key)
        guard range.contains(value) else { throw invalid(key, "\(value) is out of range (\(range.lowerBound) to \(range.upperBound))") }
        return value
    }

    public func flag(_ key: String) throws(InputError) -> Bool {
        guard let text = header.config[key], let value = Bool(text) else {
            throw InputError(source: path, line: 1, field: "config.\(key)", message: "missing or not true/false")
        }
        return value
    }

    public func text(_ key: String) throws(InputError) -> String {
        guard let text = header.config[key] else { throw InputError(source: path, line: 1, field: "config.\(key)", message: "missing") }
        return text
    }

    public func probability(_ key: String) throws(InputError) -> Probability {
        let value = try int(key)
        guard (0...1_000_000).contains(value) else { throw InputError(source: path, line: 1, field: "config.\(key)", message: "out of range") }
        return Probability(perMillion: Int(value))
    }

    public func invalid(_ key: String, _ message: String) -> InputError {
        InputError(source: path, line: 1, field: "config.\(key)", message: message)
    }
}
