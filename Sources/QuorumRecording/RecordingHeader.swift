/// The first line of a recording: what it is, and everything needed to re-simulate the run.
public struct RecordingHeader: Sendable, Equatable {
    public static let formatName = "quorum-recording"
    /// 2 added node `state` lines and message ids, arrival times and categories; 1 is still read.
    public static let formatVersion = 2

    public var quorumVersion: String
    public var protocolName: String
    public var seed: UInt64
    public var nodeCount: Int
    /// The run's full configuration, as option name -> value (protocol-neutral).
    public var config: [String: String]
    /// The scenario script's name and text, if the run had one (it re-runs on replay).
    public var scriptName: String?
    public var scriptText: String?

    public init(quorumVersion: String, protocolName: String, seed: UInt64, nodeCount: Int, config: [String: String],
                scriptName: String? = nil, scriptText: String? = nil) {
        self.quorumVersion = quorumVersion
        self.protocolName = protocolName
        self.seed = seed
        self.nodeCount = nodeCount
        self.config = config
        self.scriptName = scriptName
        self.scriptText = scriptText
    }
}

/// An interactive input: performed after `step` queue items had run, at `time`.
public struct RecordedInput: Sendable, Equatable {
    public var step: UInt64
    public var timeMicros: Int64
    public var action: String
    /// The line of the recording it was read from (for messages: its action is parsed later, by
    /// the protocol's own parser).
    public var line: Int = 0
}

/// One event as recorded: its canonical one-line text and the facts a summary needs.
public struct RecordedEvent: Sendable, Equatable {
    public var index: UInt64
    public var timeMicros: Int64
    public var kind: String
    public var text: String
    /// For role annotations: whether the role leads; for commits: the index; for completed client
    /// operations: the outcome ("ok", "failed", "unknown").
    public var detail: String?
    /// For client invocations and completions: the history id, client, operation and output.
    public var operationID: Int?
    public var client: Int?
    public var operation: String?
    public var output: String?
    /// For message events (format 2): the message's id; for sends, its arrival time and category.
    public var messageID: UInt64?
    public var arrivalMicros: Int64?
    public var category: String?
}
