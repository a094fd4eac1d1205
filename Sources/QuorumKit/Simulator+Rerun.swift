import QuorumCore
import QuorumRecording
import QuorumUI

extension Simulator where Node: NodeDescribing {
    /// Runs a run's interactive inputs again, each after the same number of steps as when it was
    /// made (so the run repeats exactly), while `more()` holds. Inputs go through the interactive
    /// path, so a recorder attached here writes them too. False if the run ended before an input's
    /// step (it diverged from the one recorded).
    @discardableResult
    func rerun(_ inputs: [ReplayScript<Node>.Input], while more: () -> Bool = { true }, afterStep: () -> Void = {}) -> Bool {
        for input in inputs {
            while stepCount < input.step, more(), step() { afterStep() }
            guard stepCount == input.step, input.time >= now, advanceClock(to: input.time) else { return false }
            performInteractive(input.action)
        }
        return true
    }
}

extension ReplayScript {
    /// A recording's inputs as actions (they were written from actions, so they parse).
    static func inputs(_ recorded: [RecordedInput], config: SimulationConfig<Node.Config>, path: String) throws(InputError) -> [Input] {
        let parser = ScenarioParser(source: path, nodeCount: config.nodeCount, protocol: Node.self, datacenters: config.datacenters)
        var inputs: [Input] = []
        for input in recorded {
            guard let action = try parser.parse("at 0s " + input.action).steps.first?.action else { continue }
            inputs.append(.init(step: input.step, time: SimTime(micros: input.timeMicros), action: action))
        }
        return inputs
    }
}
