import QuorumCore
import QuorumRaft
import QuorumRecording

/// A run's configuration in a recording header, and back.
extension RunPlan {
    /// `scriptHorizon`: how far ahead the script's `every` lines were scheduled.
    func recordingHeader(scriptName: String?, scriptText: String?, scriptHorizon: SimTime) -> RecordingHeader {
        let network = config.network
        let raft = config.node
        let values: [String: String] = [
            "durationMicros": String(duration.micros), "scriptHorizonMicros": String(scriptHorizon.micros),
            "latencyMinMicros": String(network.latencyMinMicros), "latencyMaxMicros": String(network.latencyMaxMicros),
            "lossPerMillion": String(network.loss.perMillion), "duplicationPerMillion": String(network.duplication.perMillion),
            "reorderingPerMillion": String(network.reordering.perMillion),
            "clients": String(config.workload.clientCount),
            "electionTimeoutMinMicros": String(raft.electionTimeoutMinMicros), "electionTimeoutMaxMicros": String(raft.electionTimeoutMaxMicros),
            "heartbeatIntervalMicros": String(raft.heartbeatIntervalMicros), "maxEntriesPerAppend": String(raft.maxEntriesPerAppend),
            "checkQuorum": String(raft.checkQuorum), "staleReads": String(raft.staleReads), "preVote": String(raft.preVote),
        ]
        return RecordingHeader(quorumVersion: QuorumVersion.current, protocolName: RaftNode.protocolName, seed: config.seed,
                               nodeCount: config.nodeCount, config: values, scriptName: scriptName, scriptText: scriptText)
    }

    /// The plan a recording was made with.
    init(recording header: RecordingHeader, path: String) throws(InputError) {
        guard header.protocolName == RaftNode.protocolName else {
            throw InputError(source: path, line: 1, field: "protocol", message: "'\(header.protocolName)' recordings cannot be replayed by this Quorum")
        }
        func int(_ key: String) throws(InputError) -> Int64 {
            guard let text = header.config[key], let value = Int64(text) else {
                throw InputError(source: path, line: 1, field: "config.\(key)", message: "missing or not a number")
            }
            return value
        }
        func flag(_ key: String) throws(InputError) -> Bool {
            guard let text = header.config[key], let value = Bool(text) else {
                throw InputError(source: path, line: 1, field: "config.\(key)", message: "missing or not true/false")
            }
            return value
        }
        func probability(_ key: String) throws(InputError) -> Probability {
            let value = try int(key)
            guard (0...1_000_000).contains(value) else { throw InputError(source: path, line: 1, field: "config.\(key)", message: "out of range") }
            return Probability(perMillion: Int(value))
        }
        let network = NetworkSettings(latencyMinMicros: try int("latencyMinMicros"), latencyMaxMicros: try int("latencyMaxMicros"),
                                      loss: try probability("lossPerMillion"), duplication: try probability("duplicationPerMillion"),
                                      reordering: try probability("reorderingPerMillion"))
        let raft = RaftConfig(electionTimeoutMinMicros: try int("electionTimeoutMinMicros"), electionTimeoutMaxMicros: try int("electionTimeoutMaxMicros"),
                              heartbeatIntervalMicros: try int("heartbeatIntervalMicros"), maxEntriesPerAppend: Int(try int("maxEntriesPerAppend")),
                              checkQuorum: try flag("checkQuorum"), staleReads: try flag("staleReads"), preVote: try flag("preVote"))
        let clients = Int(try int("clients"))
        guard (1...64).contains(header.nodeCount), network.latencyMinMicros <= network.latencyMaxMicros, (0...100).contains(clients) else {
            throw InputError(source: path, line: 1, field: "config", message: "values out of range")
        }
        let config = SimulationConfig(nodeCount: header.nodeCount, seed: header.seed, network: network,
                                      workload: clients == 0 ? .none : WorkloadSettings(clientCount: clients), node: raft)
        let scenario = try header.scriptText.map { text throws(InputError) in
            try ScenarioParser(source: "\(path) (script \(header.scriptName ?? "embedded"))", nodeCount: header.nodeCount).parse(text)
        } ?? .empty
        self.init(config: config, scenario: scenario, duration: SimTime(micros: try int("durationMicros")), checkInvariants: false)
        scriptHorizon = SimTime(micros: try int("scriptHorizonMicros"))
    }
}
