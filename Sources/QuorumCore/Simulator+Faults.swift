/// Random fault injection, and the return to a healthy cluster for a liveness phase.
extension Simulator {
    public func enableFaults(_ settings: FaultSettings) {
        faults = settings
        scheduleFaultTick()
    }

    private func scheduleFaultTick() {
        guard let faults else { return }
        let delay = faultRandom.int(in: faults.intervalMinMicros...faults.intervalMaxMicros)
        let at = now.adding(micros: delay)
        if at < faults.until { queue.schedule(.faultTick, at: at) }
    }

    func injectFault() {
        guard let choice = chooseFault() else { return scheduleFaultTick() }
        perform(choice)
        scheduleFaultTick()
    }

    /// One fault, picked uniformly from those that apply now.
    private func chooseFault() -> ClusterAction? {
        guard let faults else { return nil }
        let ids = NodeID.all(count: nodeCount)
        let up = ids.filter { nodes[$0.index].status == .up }
        let crashed = ids.filter { nodes[$0.index].status == .crashed }
        let frozen = ids.filter { nodes[$0.index].status == .frozen }
        var options: [ClusterAction] = []
        if faults.partitions {
            options.append(.partition(randomSplit(ids)))
            if topology.isPartitioned || topology.hasCuts { options.append(.heal) }
        }
        if faults.crashes {
            if !up.isEmpty { options.append(.kill(.node(faultRandom.pick(up)))) }
            if !crashed.isEmpty { options.append(.restart(faultRandom.pick(crashed))) }
        }
        if faults.freezes {
            if !up.isEmpty { options.append(.freeze(faultRandom.pick(up))) }
            if !frozen.isEmpty { options.append(.unfreeze(faultRandom.pick(frozen))) }
        }
        if faults.cuts, nodeCount > 1 {
            var pair = ids
            faultRandom.shuffle(&pair)
            options.append(.cut(from: pair[0], to: pair[1]))
        }
        return options.isEmpty ? nil : faultRandom.pick(options)
    }

    private func randomSplit(_ ids: [NodeID]) -> [[NodeID]] {
        var shuffled = ids
        faultRandom.shuffle(&shuffled)
        let cut = faultRandom.int(in: 1...max(1, ids.count - 1))
        return [Array(shuffled[..<cut]).sorted(), Array(shuffled[cut...]).sorted()]
    }

    /// Ends every fault: heals the network, restores message delivery (unless `keepingLoss`, which
    /// leaves loss, duplication and reordering as they are), unfreezes and restarts all nodes. What a
    /// sweep does before its liveness phase.
    public func endAllFaults(keepingLoss: Bool = false) {
        faults = nil
        if topology.isPartitioned || topology.hasCuts { perform(.heal) }
        if !keepingLoss { restoreDelivery() }
        for id in NodeID.all(count: nodeCount) {
            switch nodes[id.index].status {
            case .frozen: perform(.unfreeze(id))
            case .crashed: perform(.restart(id))
            case .up: break
            }
        }
    }

    private func restoreDelivery() {
        if network.loss != .zero { perform(.setLoss(.zero)) }
        if network.duplication != .zero { perform(.setDuplication(.zero)) }
        if network.reordering != .zero { perform(.setReordering(.zero)) }
    }
}
