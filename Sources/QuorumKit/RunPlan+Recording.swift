import QuorumCore
import QuorumRecording

/// A run's configuration in a recording header, and back.
extension RunPlan {
    /// `scriptHorizon`: how far ahead the script's `every` lines were scheduled.
    func recordingHeader(scriptName: String?, scriptText: String?, scriptHorizon: SimTime) -> RecordingHeader {
        let network = config.network
        var values: [String: String] = [
            "durationMicros": String(duration.micros), "scriptHorizonMicros": String(scriptHorizon.micros),
            "latencyMinMicros": String(network.latencyMinMicros), "latencyMaxMicros": String(network.latencyMaxMicros),
            "lossPerMillion": String(network.loss.perMillion), "duplicationPerMillion": String(network.duplication.perMillion),
            "reorderingPerMillion": String(network.reordering.perMillion),
            "clients": String(config.workload.clientCount),
            // For a replay drawn from the recording alone (the timer's name in the detail panel).
            "primaryTimer": Node.primaryTimer.description,
            "primaryTimerIsNotable": String(Node.primaryTimerIsNotable),
        ]
        if let datacenters = config.datacenters {
            values["datacenters"] = datacenters.groupsText
            values["datacenterLatencyMicros"] = datacenters.latencyText
        }
        values.merge(Node.recordingValues(config.node)) { common, _ in common }
        return RecordingHeader(quorumVersion: QuorumVersion.current, protocolName: Node.protocolName, seed: config.seed,
                               nodeCount: config.nodeCount, config: values, scriptName: scriptName, scriptText: scriptText)
    }

    /// The plan a recording was made with.
    init(recording header: RecordingHeader, path: String) throws(InputError) {
        guard header.protocolName == Node.protocolName else {
            throw InputError(source: path, line: 1, field: "protocol", message: "'\(header.protocolName)' recordings cannot be replayed by this Quorum")
        }
        let values = RecordingValues(header: header, path: path)
        // Each value by the rule of its option (--latency, --loss, --clients, --duration).
        let latencyMin = try values.micros("latencyMinMicros", allowZero: true)
        let latencyMax = try values.micros("latencyMaxMicros", allowZero: true)
        guard latencyMin <= latencyMax else { throw values.invalid("latencyMaxMicros", "\(latencyMax) is below the minimum \(latencyMin)") }
        let network = NetworkSettings(latencyMinMicros: latencyMin, latencyMaxMicros: latencyMax,
                                      loss: try values.probability("lossPerMillion"), duplication: try values.probability("duplicationPerMillion"),
                                      reordering: try values.probability("reorderingPerMillion"))
        let node = try Node.config(fromRecording: values)
        let clients = Int(try values.int("clients", in: 0...100))
        let datacenters = try header.config["datacenters"].map { groups throws(InputError) in
            switch Datacenters.parse(groups: groups, latency: header.config["datacenterLatencyMicros"] ?? "", nodeCount: header.nodeCount) {
            case .success(let datacenters): return datacenters
            case .failure(let failure): throw values.invalid("datacenters", failure.message)
            }
        }
        let config = SimulationConfig(nodeCount: header.nodeCount, seed: header.seed, network: network,
                                      workload: Node.workload(clients: clients), node: node, datacenters: datacenters)
        // The embedded script is a field of the header (line 1): its own line and column go in the message.
        let scenario = try header.scriptText.map { text throws(InputError) in
            do throws(InputError) {
                return try ScenarioParser(source: header.scriptName ?? "script", nodeCount: header.nodeCount,
                                          protocol: Node.self, datacenters: datacenters).parse(text)
            } catch {
                let place = [error.line.map { "line \($0)" }, error.column.map { "column \($0)" }].compactMap { $0 }.joined(separator: ", ")
                throw InputError(source: path, line: 1, field: "script", message: "\(header.scriptName ?? "the script"), \(place): \(error.message)")
            }
        } ?? .empty
        self.init(config: config, scenario: scenario, duration: SimTime(micros: try values.micros("durationMicros")), checkInvariants: false)
        scriptHorizon = SimTime(micros: try values.micros("scriptHorizonMicros", allowZero: true))
    }
}
