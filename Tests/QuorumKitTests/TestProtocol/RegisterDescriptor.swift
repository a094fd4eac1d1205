import ArgumentParser
import QuorumCore
@testable import QuorumKit

/// The test-only protocol's one registration: its descriptor (options, summary, node counts).
enum RegisterDescriptor: ProtocolDescriptor {
    typealias Node = RegisterNode
    static let summary = "Test-only primary-backup register (n1 is primary)."
    static let defaultNodeCount = 3

    struct RunOptions: ProtocolOptions {
        @Option(help: ArgumentHelp("How often the primary heartbeats.", valueName: "time"))
        var heartbeat: String?

        func nodeConfig() throws(InputError) -> RegisterNode.Config {
            guard let heartbeat else { return RegisterNode.Config() }
            return RegisterNode.Config(heartbeatMicros: try parseDuration("--heartbeat", heartbeat).micros)
        }

        var commandLineWords: [String] { heartbeat.map { ["--heartbeat", $0] } ?? [] }
        var checkInvariants: Bool { true }
    }

    typealias SweepOptions = RunOptions

    static func validate(nodeCount: Int) throws(InputError) {
        guard (2...9).contains(nodeCount) else { throw InputError(source: "--nodes", message: "\(nodeCount): the register runs on 2 to 9 nodes") }
    }

    /// Registers the protocol (once per process; registering again is harmless).
    static func register() { ProtocolRegistry.register(RegisterDescriptor.self) }
}

/// Checks after every step that every node applied the same operation at each sequence number.
final class RegisterMonitor: RunMonitor {
    private(set) var violations: [String] = []
    let checkInvariants: Bool

    init(checkInvariants: Bool) { self.checkInvariants = checkInvariants }

    func attach(to simulator: Simulator<RegisterNode>) {}

    func afterStep(_ simulator: Simulator<RegisterNode>) {
        guard checkInvariants, violations.isEmpty else { return }
        let primary = simulator.nodes[0].state.storage.applied
        for slot in simulator.nodes.dropFirst() {
            let backup = slot.state.storage.applied
            if let index = (0..<min(primary.count, backup.count)).first(where: { primary[$0] != backup[$0] }) {
                violations.append("agreement: \(slot.id) applied \(backup[index]) at #\(index + 1), the primary \(primary[index]) (t \(simulator.now))")
            }
        }
    }

    func finish(_ simulator: Simulator<RegisterNode>, report: inout RunReport) {
        report.violations += violations
        report.protocolFields = [.init("applied", int: simulator.nodes[0].state.storage.applied.count)]
    }
}

extension RegisterNode: RunnableNode {
    static func makeMonitor(_ plan: RunPlan<RegisterNode>) -> RegisterMonitor { RegisterMonitor(checkInvariants: plan.checkInvariants) }

    static func workload(clients: Int) -> WorkloadSettings { clients == 0 ? .none : WorkloadSettings(clientCount: clients) }

    static func recordingValues(_ config: Config) -> [String: String] { ["heartbeatMicros": String(config.heartbeatMicros)] }

    static func config(fromRecording values: RecordingValues) throws(InputError) -> Config {
        let heartbeat = try values.int("heartbeatMicros")
        guard heartbeat > 0 else { throw values.invalid("heartbeatMicros", "must be positive") }
        return Config(heartbeatMicros: heartbeat)
    }
}
