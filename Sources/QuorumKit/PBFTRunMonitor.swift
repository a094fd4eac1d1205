import QuorumCore
import QuorumPBFT

/// Checks PBFT's safety from outside the replicas (§4.5.1): no two honest replicas execute
/// different requests at the same sequence number, in any view. A replica that misbehaved at any
/// time in the run is not honest. Reports the view reached, view changes, requests executed and
/// the behaviours in force.
public final class PBFTRunMonitor: RunMonitor {
    private let checkInvariants: Bool
    private(set) var violations: [String] = []
    private var agreedThrough = 0

    init(checkInvariants: Bool) { self.checkInvariants = checkInvariants }

    public func attach(to simulator: Simulator<PBFTNode>) {}

    public func afterStep(_ simulator: Simulator<PBFTNode>) {
        if checkInvariants, violations.isEmpty { checkAgreement(simulator) }
    }

    /// Honest replicas' executed digests agree at every sequence number they both executed. Below
    /// `agreedThrough` every honest replica has executed and agreed already, so only the rest is
    /// compared again.
    private func checkAgreement(_ simulator: Simulator<PBFTNode>) {
        let result = PBFTNode.divergence(simulator.nodes.lazy.map(\.state), faulty: simulator.everMisbehaved, from: agreedThrough)
        if let (a, b, sequence) = result.found {
            violations.append("safety (PBFT §4.5.1): \(a) and \(b) executed different requests at sequence number \(sequence) (t \(simulator.now))")
            return
        }
        agreedThrough = result.agreedThrough
    }

    public func finish(_ simulator: Simulator<PBFTNode>, report: inout RunReport) {
        if violations.isEmpty { checkAgreement(simulator) }
        report.violations += violations
        let byzantine = simulator.nodes.indices.filter { !simulator.behaviours[$0].isHonest }
            .map { "\(NodeID($0)) \(simulator.behaviours[$0])" }
        report.protocolFields = [
            .init("view", int: simulator.nodes.map(\.state.view).max() ?? 0),
            // A replica's view never goes back (it is durable), so the highest now is the highest reached.
            .init("viewChanges", int: simulator.nodes.map(\.state.view).max() ?? 0),
            .init("executed", int: simulator.nodes.map(\.state.lastExecuted).max() ?? 0),
            .init("byzantine", json: "[" + byzantine.map { "\"\($0)\"" }.joined(separator: ",") + "]",
                  text: byzantine.isEmpty ? "none" : byzantine.joined(separator: ", ")),
            .init("safe", bool: violations.isEmpty),
        ]
    }
}

extension PBFTNode: RunnableNode {
    public static func makeMonitor(_ plan: RunPlan<PBFTNode>) -> PBFTRunMonitor { PBFTRunMonitor(checkInvariants: plan.checkInvariants) }

    public static func workload(clients: Int) -> WorkloadSettings {
        clients == 0 ? .none : WorkloadSettings(clientCount: clients)
    }

    public static func recordingValues(_ config: PBFTConfig) -> [String: String] {
        ["checkpointEvery": String(config.checkpointEvery), "viewChangeTimeoutMicros": String(config.viewChangeTimeoutMicros)]
    }

    public static func config(fromRecording values: RecordingValues) throws(InputError) -> PBFTConfig {
        let every = try values.int("checkpointEvery")
        guard (1...1_000).contains(every) else { throw values.invalid("checkpointEvery", "must be 1 to 1000") }
        return PBFTConfig(checkpointEvery: Int(every), viewChangeTimeoutMicros: try values.micros("viewChangeTimeoutMicros"))
    }
}
