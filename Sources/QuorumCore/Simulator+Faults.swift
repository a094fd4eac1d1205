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
        switch chooseFault() {
        case .action(let action)?: perform(action)
        case .armMidHandlerCrash(let id)?: armMidHandlerCrash(id)
        case nil: break
        }
        scheduleFaultTick()
    }

    private enum FaultChoice {
        case action(ClusterAction)
        case armMidHandlerCrash(NodeID)
    }

    /// One fault, picked uniformly from those that apply now.
    private func chooseFault() -> FaultChoice? {
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
        if faults.byzantine > 0 { options += behaviourFaults(up: up, limit: faults.byzantine) }
        var choices = options.map(FaultChoice.action)
        if faults.crashesMidHandler, !up.isEmpty { choices.append(.armMidHandlerCrash(faultRandom.pick(up))) }
        return choices.isEmpty ? nil : faultRandom.pick(choices)
    }

    /// A node starts misbehaving or changes mode, or a misbehaving one turns honest. At most
    /// `limit` nodes ever misbehave in a run: the same few change modes while the others stay
    /// honest from start to end, so a checker can hold those to the protocol's guarantees (a node
    /// that lied once proves nothing by what it did later). No draws at all when behaviours are
    /// off, so runs without them are unchanged.
    private func behaviourFaults(up: [NodeID], limit: Int) -> [ClusterAction] {
        let modes = Node.behaviours.filter { !$0.isHonest }
        guard !modes.isEmpty else { return [] }
        var options: [ClusterAction] = []
        let candidates = everMisbehaved.count < limit ? up : up.filter { everMisbehaved.contains($0) }
        let faulty = NodeID.all(count: nodeCount).filter { !behaviours[$0.index].isHonest }
        if !candidates.isEmpty {
            let candidate = faultRandom.pick(candidates)
            options.append(.behave(candidate, faultRandom.pick(modes)))
            // One adversary coordinates the faulty nodes: as often, a node joins another's mode
            // (some attacks need several nodes acting alike).
            if let other = faulty.first(where: { $0 != candidate }) { options.append(.behave(candidate, behaviours[other.index])) }
        }
        if !faulty.isEmpty { options.append(.behave(faultRandom.pick(faulty), .honest)) }
        return options
    }

    /// The node's next handler that both persists and sends or replies crashes it part-way.
    func armMidHandlerCrash(_ id: NodeID) {
        if midHandlerCrashArmed.count != nodeCount { midHandlerCrashArmed = Array(repeating: false, count: nodeCount) }
        midHandlerCrashArmed[id.index] = true
    }

    /// Where an armed node's handler is cut: after at least one effect and before at least one, in a
    /// handler that persists and also sends or replies (so the cut can fall between the two). Nil
    /// leaves the node armed for a later handler.
    func midHandlerCut(_ effects: [Effect]) -> Int? {
        var persists = false
        var talks = false
        for effect in effects {
            switch effect {
            case .persist: persists = true
            case .send, .reply: talks = true
            default: break
            }
        }
        guard persists, talks, effects.count >= 2 else { return nil }
        return faultRandom.int(in: 1...(effects.count - 1))
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
    /// With `livenessFaults: .minority` in the fault settings, a random minority then stays crashed
    /// or cut off (`keepFaultyMinority`).
    public func endAllFaults(keepingLoss: Bool = false) {
        let keepsMinority = faults?.livenessFaults == .minority
        faults = nil
        midHandlerCrashArmed = []
        if topology.isPartitioned || topology.hasCuts { perform(.heal) }
        if !keepingLoss { restoreDelivery() }
        for id in NodeID.all(count: nodeCount) {
            switch nodes[id.index].status {
            case .frozen: perform(.unfreeze(id))
            case .crashed: perform(.restart(id))
            case .up: break
            }
        }
        if keepsMinority { keepFaultyMinority() }
    }

    /// Every misbehaving node behaves again. A sweep's liveness phase keeps them misbehaving (as
    /// faulty replicas stay faulty); a check that needs every node working (a store's convergence
    /// after the run) ends them.
    public func endBehaviours() {
        for id in NodeID.all(count: nodeCount) where !behaviours[id.index].isHonest { perform(.behave(id, .honest)) }
    }

    /// VOPR's liveness mode: between one node and a minority stay faulty, each either crashed or
    /// cut off from the majority (those cut off form one side of a partition). Drawn from the
    /// fault stream. A cluster of one or two has no faulty minority to keep.
    private func keepFaultyMinority() {
        let minority = (nodeCount - 1) / 2
        guard minority >= 1 else { return }
        var ids = NodeID.all(count: nodeCount)
        faultRandom.shuffle(&ids)
        let faulty = Array(ids.prefix(faultRandom.int(in: 1...minority)))
        var cutOff: [NodeID] = []
        for id in faulty {
            if faultRandom.below(2) == 0 { perform(.kill(.node(id))) } else { cutOff.append(id) }
        }
        guard !cutOff.isEmpty else { return }
        let rest = NodeID.all(count: nodeCount).filter { !cutOff.contains($0) }
        perform(.partition([rest, cutOff.sorted()]))
    }

    private func restoreDelivery() {
        if network.loss != .zero { perform(.setLoss(.zero)) }
        if network.duplication != .zero { perform(.setDuplication(.zero)) }
        if network.reordering != .zero { perform(.setReordering(.zero)) }
    }
}
