/// The single input path for scripts, keys and the fault injector.
extension Simulator {
    /// Applies an input from a person now (a key in the UI): the same as `perform`, and recorded.
    /// Scripts and the fault injector use `perform`, since they re-run from the configuration.
    public func performInteractive(_ action: ClusterAction) {
        for observer in inputObservers { observer(stepCount, now, action) }
        perform(action)
    }

    /// Moves the clock to `time` without running anything (replay uses it to place an input
    /// exactly where it happened). False, with the clock unmoved, when something is scheduled
    /// before `time`: a recorded input that does not fit this re-simulation (a file is input, so
    /// this is not a trap).
    @discardableResult
    public func advanceClock(to time: SimTime) -> Bool {
        guard queue.nextTime.map({ $0 > time }) ?? true else { return false }
        if now < time { now = time }
        return true
    }

    /// Applies an external action now.
    public func perform(_ action: ClusterAction) {
        defer { if !changeObservers.isEmpty { reportChanges() } }
        switch action {
        case .kill(let target):
            if let node = resolve(target) { crash(node) } else if let reason = noEffect(of: action) { emit(.caption(reason)) }
        case .restart(let node): restart(node)
        case .freeze(let node): freeze(node)
        case .unfreeze(let node): unfreeze(node)
        case .partition(let sides):
            topology.partition(sides)
            emit(.partitioned(topology.sides))
        case .isolate(let node):
            topology.partition([[node]])
            emit(.partitioned(topology.sides))
        case .heal:
            topology.heal()
            emit(.healed)
        case .cut(let from, let to):
            topology.cutLink(from: from, to: to)
            emit(.linkCut(from: from, to: to))
        case .repair(let from, let to):
            topology.repairLink(from: from, to: to)
            emit(.linkRepaired(from: from, to: to))
        case .setLoss(let probability): changeNetwork { $0.loss = probability }
        case .setDuplication(let probability): changeNetwork { $0.duplication = probability }
        case .setReordering(let probability): changeNetwork { $0.reordering = probability }
        case .setLatency(let low, let high):
            changeNetwork {
                $0.latencyMinMicros = low
                $0.latencyMaxMicros = high
            }
        case .request(let node, let operation): invokeFromScript(operation, at: node)
        case .timeout(let node): fireTimeoutNow(node)
        case .say(let text): emit(.caption(text))
        case .behave(let node, let behaviour): setBehaviour(behaviour, of: node)
        case .dropMessage(let id):
            if let reason = noEffect(of: action) { emit(.caption(reason)) } else { dropDelivery(id, reason: .byHand) }
        case .deliverMessage(let id):
            // Through the network's own arrival path, now: a crashed receiver or a partition still
            // drops it, a frozen one keeps it waiting. The queued arrival finds it gone later.
            if let reason = noEffect(of: action) { emit(.caption(reason)) } else { deliver(messageID: id) }
        case .workload(let options):
            workloadOptions = options
            workloadChanges.append(options)
            emit(.caption(action.description))  // the event log and a replay show when levels changed
        }
    }

    /// Why `action` would do nothing now, if it would: `kill leader` when no node leads (between
    /// elections, or always in a leaderless protocol). `perform` emits it as a caption, so the event
    /// log, the caption line and a recording show that the input ran and did nothing; the UI gives
    /// it as the key's feedback.
    public func noEffect(of action: ClusterAction) -> String? {
        switch action {
        case .kill(.leader) where leader == nil: return "kill leader: no leader to kill"
        case .dropMessage(let id) where inFlight[id] == nil, .deliverMessage(let id) where inFlight[id] == nil:
            return "\(action): no message m\(id) in flight"
        default: return nil
        }
    }

    private func resolve(_ target: NodeTarget) -> NodeID? {
        switch target {
        case .node(let node): return node
        case .leader: return leader
        }
    }

    private func changeNetwork(_ change: (inout NetworkSettings) -> Void) {
        change(&network)
        emit(.networkChanged(network))
    }
}
