import QuorumCore

/// Runs `quorum pbs` trials on store nodes without the simulator: the store's own handlers
/// (coordinator, replicas, the WARS legs and trial reads of `StoreNode+PBS.swift`) driven by a
/// bare event queue. A trial needs none of what the simulator adds to every event (the event
/// stream, vector clocks, message ids, faults, observers, the client model): with no network delay,
/// no loss and no failures, delivering a message or firing a timer is only calling the handler at
/// the right time, in the same order (time, then scheduling order). About 80 events a trial, so
/// this is where the time of 100,000 trials went.
struct PBSDriver {
    enum Input {
        case message(from: NodeID, to: NodeID, StoreMessage)
        case timer(NodeID, StoreNode.Timer, generation: UInt64)
        case client(NodeID, ClientRequest)
    }

    private(set) var nodes: [StoreNode]
    /// Slots of `inputs` by time (the heap moves small numbers, not messages).
    private var queue = EventQueue<Int>()
    private var inputs: [Input?] = []
    private var freeSlots: [Int] = []
    private(set) var now = SimTime.zero
    /// The live generation of each node's timers: a timer set again or cancelled is skipped.
    private var timers: [[StoreNode.Timer: UInt64]]
    private var nextGeneration: UInt64 = 0
    private var nextSequence: UInt64 = 0
    private var effects: StoreNode.Effects = []
    /// Replies to clients, in order (the trial reads of t-visibility do not reply).
    private(set) var replies: [ClientReply] = []
    /// Inputs handled: what the simulator would have counted as events of the nodes.
    private(set) var events: UInt64 = 0

    init(nodeCount: Int, config: StoreConfig, seed: UInt64) {
        let root = RandomStream(seed: seed)
        nodes = NodeID.all(count: nodeCount).map { id in
            StoreNode(id: id, clusterSize: nodeCount, config: config, storage: StoreNode.emptyStorage(config: config, clusterSize: nodeCount),
                      random: root.derived("node", UInt64(id.index) << 32))
        }
        timers = Array(repeating: [:], count: nodeCount)
        for id in NodeID.all(count: nodeCount) { handle(.start, at: id) }
    }

    /// A client request arriving at `node` at `time` (now if earlier), each numbered anew.
    mutating func request(_ operation: ClientOperation, at node: NodeID, time: SimTime? = nil) {
        nextSequence += 1
        let request = ClientRequest(client: ClientID(0), sequence: nextSequence, operation: operation)
        schedule(.client(node, request), at: max(time ?? now, now))
    }

    /// Runs every event until nothing is left (trials set no periodic timers).
    mutating func drain() {
        while let entry = queue.popNext() {
            now = entry.time
            let input = inputs[entry.action]!
            inputs[entry.action] = nil
            freeSlots.append(entry.action)
            switch input {
            case .message(let from, let to, let message): handle(.message(from: from, message), at: to)
            case .timer(let node, let timer, let generation):
                guard timers[node.index][timer] == generation else { continue }
                timers[node.index][timer] = nil
                handle(.timer(timer), at: node)
            case .client(let node, let request): handle(.client(request), at: node)
            }
        }
    }

    private mutating func schedule(_ input: Input, at time: SimTime) {
        if let slot = freeSlots.popLast() {
            inputs[slot] = input
            queue.schedule(slot, at: time)
        } else {
            inputs.append(input)
            queue.schedule(inputs.count - 1, at: time)
        }
    }

    mutating func takeReplies() -> [ClientReply] {
        defer { replies.removeAll(keepingCapacity: true) }
        return replies
    }

    private mutating func handle(_ input: NodeInput<StoreMessage, StoreNode.Timer>, at id: NodeID) {
        events += 1
        effects.removeAll(keepingCapacity: true)
        nodes[id.index].readLocalClock(trueTime: now)
        nodes[id.index].handle(input, into: &effects)
        for effect in effects {
            switch effect {
            case .send(let to, let message): schedule(.message(from: id, to: to, message), at: now)
            case .setTimer(let timer, let delay):
                nextGeneration += 1
                timers[id.index][timer] = nextGeneration
                schedule(.timer(id, timer, generation: nextGeneration), at: now.adding(micros: max(delay, 0)))
            case .cancelTimer(let timer): timers[id.index][timer] = nil
            case .reply(let reply): replies.append(reply)
            case .persist, .annotate: break  // no restarts in a trial; nothing watches
            }
        }
    }
}
