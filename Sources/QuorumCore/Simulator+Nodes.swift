/// Running node handlers, applying their effects, and the node lifecycle.
extension Simulator {
    func bootNodes() {
        nodes = NodeID.all(count: config.nodeCount).map { id in
            let storage = Node.emptyStorage(config: config.node, clusterSize: config.nodeCount)
            return NodeSlot(
                id: id, state: makeProcess(id, storage: storage, incarnation: 0), storage: storage,
                status: .up, clock: VectorClock(nodeCount: config.nodeCount), lamport: 0,
                incarnation: 0, timers: [:], frozenBacklog: [])
        }
        for id in NodeID.all(count: config.nodeCount) { handle(.start, at: id) }
    }

    func makeProcess(_ id: NodeID, storage: Node.Storage, incarnation: UInt64) -> Node {
        let random = rootRandom.derived("node", UInt64(id.index) << 32 | incarnation)
        return Node(id: id, clusterSize: config.nodeCount, config: config.node, storage: storage, random: random)
    }

    /// Runs one handler on an up node and applies its effects in order.
    func handle(_ input: NodeInput<Node.Message, Node.Timer>, at id: NodeID, causedBy envelope: Envelope<Node.Message>? = nil) {
        let index = id.index
        if let envelope, envelope.from.node != nil {
            nodes[index].clock.merge(envelope.clock)
            nodes[index].lamport = max(nodes[index].lamport, envelope.lamport)
        }
        // One handled input is one event of this process: it ticks the clocks once, and every
        // message it sends carries the clock after that tick.
        nodes[index].clock.tick(id)
        nodes[index].lamport += 1
        var effects = effectBuffer
        effectBuffer = []
        effects.removeAll(keepingCapacity: true)
        if Node.readsLocalClock { nodes[index].state.readLocalClock(trueTime: now) }
        nodes[index].state.handle(input, into: &effects)
        if anyMisbehaving, !behaviours[index].isHonest { misbehave(behaviours[index], node: id, effects: &effects) }
        if !midHandlerCrashArmed.isEmpty, midHandlerCrashArmed[index], let cut = midHandlerCut(effects) {
            crashMidHandler(id, effects: effects, cut: cut)
        } else {
            for effect in effects { apply(effect, from: id) }
        }
        effectBuffer = effects
        noteChanged(id)
    }

    /// A storage fault: the process dies after the first `cut` effects of this handler, in the
    /// order the node listed them. What it persisted before the cut survives; its later writes,
    /// sends and replies never happen. When the effect at the cut is a write the protocol can tear,
    /// half the time part of it reaches the disk.
    private func crashMidHandler(_ id: NodeID, effects: [Effect], cut: Int) {
        midHandlerCrashArmed[id.index] = false
        for effect in effects[..<cut] { apply(effect, from: id) }
        var torn = ""
        if case .persist(let write) = effects[cut], faultRandom.below(2) == 0, let part = Node.torn(write, random: &faultRandom) {
            apply(.persist(part), from: id)
            torn = ", the write at the cut torn"
        }
        emit(.annotated(id, .note("crashed mid-handler after \(cut) of \(effects.count) effects\(torn); the rest never happened")))
        crash(id)
    }

    func apply(_ effect: Effect, from id: NodeID) {
        switch effect {
        case .send(let destination, let message):
            send(.protocolMessage(message), from: .node(id), to: .node(destination), extraDelayMicros: sendDelay(id))
        case .setTimer(let timer, let delay):
            nextTimerGeneration += 1
            let fireAt = now.adding(micros: max(delay, 0))
            nodes[id.index].timers[timer] = NodeSlot<Node>.TimerSlot(generation: nextTimerGeneration, setAt: now, fireAt: fireAt)
            queue.schedule(.timer(id, timer, generation: nextTimerGeneration), at: fireAt)
        case .cancelTimer(let timer):
            nodes[id.index].timers[timer] = nil
        case .persist(let write):
            Node.apply(write, to: &nodes[id.index].storage)
        case .reply(let reply):
            send(.reply(reply), from: .node(id), to: .client(reply.client), extraDelayMicros: sendDelay(id))
        case .annotate(let annotation):
            emit(.annotated(id, annotation))
        }
    }

    /// What a `delay` node adds to the latency of everything it sends.
    private func sendDelay(_ id: NodeID) -> Int64 {
        anyMisbehaving && behaviours[id.index] == .delay ? NodeBehaviour.delayMicros : 0
    }

    /// A node starts or stops misbehaving (its state is untouched: it is the same process).
    func setBehaviour(_ behaviour: NodeBehaviour, of id: NodeID) {
        guard behaviours[id.index] != behaviour else { return }
        behaviours[id.index] = behaviour
        anyMisbehaving = behaviours.contains { !$0.isHonest }
        if !behaviour.isHonest, !everMisbehaved.contains(id) { everMisbehaved.append(id) }
        noteChanged(id)
        emit(.behaviourChanged(id, behaviour))
    }

    func fireTimer(_ timer: Node.Timer, of id: NodeID, generation: UInt64) {
        guard nodes[id.index].timers[timer]?.generation == generation else { return }  // reset or cancelled
        // The status into a local first: a switch over `nodes[i].status` may keep a copy of the
        // whole slot alive through the cases, and every write below would then copy the node's
        // state (its dictionaries) instead of changing it in place.
        let status = nodes[id.index].status
        switch status {
        case .crashed: return
        case .frozen:
            nodes[id.index].frozenBacklog.append(.timer(id, timer, generation: generation))
        case .up:
            nodes[id.index].timers[timer] = nil
            emit(.timerFired(id, timer))
            handle(.timer(timer), at: id)
        }
    }

    func crash(_ id: NodeID) {
        guard nodes[id.index].status != .crashed else { return }
        let backlog = nodes[id.index].frozenBacklog
        nodes[id.index].status = .crashed
        nodes[id.index].timers = [:]
        if !midHandlerCrashArmed.isEmpty { midHandlerCrashArmed[id.index] = false }
        noteChanged(id)
        nodes[id.index].frozenBacklog = []
        emit(.crashed(id))
        // Whatever waited at a frozen node dies with it.
        for case .deliver(let messageID) in backlog { dropDelivery(messageID, reason: .crashed) }
    }

    func restart(_ id: NodeID) {
        guard nodes[id.index].status == .crashed else { return }
        nodes[id.index].incarnation += 1
        nodes[id.index].state = makeProcess(id, storage: nodes[id.index].storage, incarnation: nodes[id.index].incarnation)
        nodes[id.index].status = .up
        emit(.restarted(id))
        handle(.start, at: id)
    }

    func freeze(_ id: NodeID) {
        guard nodes[id.index].status == .up else { return }
        nodes[id.index].status = .frozen
        noteChanged(id)
        emit(.frozen(id))
    }

    /// The process continues: what waited for it runs now, in arrival order.
    func unfreeze(_ id: NodeID) {
        guard nodes[id.index].status == .frozen else { return }
        nodes[id.index].status = .up
        noteChanged(id)
        emit(.unfrozen(id))
        let backlog = nodes[id.index].frozenBacklog
        nodes[id.index].frozenBacklog = []
        for action in backlog { queue.schedule(action, at: now) }
    }

    func fireTimeoutNow(_ id: NodeID) {
        guard nodes[id.index].status == .up else { return }
        nodes[id.index].timers[Node.primaryTimer] = nil
        emit(.timerFired(id, Node.primaryTimer))
        handle(.timer(Node.primaryTimer), at: id)
    }
}
