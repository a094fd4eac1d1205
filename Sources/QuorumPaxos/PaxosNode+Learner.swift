import QuorumCore

/// The learner (Paxos Made Simple §2.3) and execution in slot order (§3).
extension PaxosNode {
    /// Chosen values the distinguished learner passes on (§2.3).
    mutating func receiveChosen(from: NodeID, slot: Int, value: PaxosValue, _ effects: inout Effects) {
        guard slot >= 1, !isSingleDecree || slot == 1 else { return }
        learn(slot: slot, value: value, &effects)
        guard isSingleDecree else { return }
        effects.append(.cancelTimer(.election))  // decided: no ballot to retry or back off from
        if role != .follower {
            role = .follower
            effects.append(.annotate(.role(roleName, term: ballot.round)))
        }
    }

    /// Learns a chosen value (written to disk) and executes what is ready. A second, different
    /// value for a slot cannot happen in a correct run; kept out (and noted) so that the checker
    /// outside the nodes, which reads the acceptors' votes, reports it rather than a crash.
    mutating func learn(slot: Int, value: PaxosValue, _ effects: inout Effects) {
        if slot <= learned.count, let known = learned[slot - 1] {
            if known != value { effects.append(.annotate(.note("learned \(value) for slot \(slot), which already holds \(known)"))) }
            return
        }
        PaxosStorage.grow(&learned, to: slot)
        learned[slot - 1] = value
        learnsMade += 1
        effects.append(.persist(.learn(slot: slot, value: value, startsInput: !wroteLearnThisInput)))
        wroteLearnThisInput = true
        executeReady(&effects)
    }

    /// §3: commands execute in slot order, once every lower slot is learned.
    mutating func executeReady(_ effects: inout Effects) {
        while executed < learned.count, let value = learned[executed] {
            executed += 1
            let output = stateMachine.execute(value)
            if case .request(let request) = value {
                proposedRequests[request] = nil
                if let output { answer(request, output, &effects) }
            }
        }
        if isSingleDecree, let decided = learned.first.flatMap({ $0 }) {
            // One decree: every client that asked here learns whether its request was chosen.
            for request in waitingClients {
                effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: singleDecreeAnswer(request, decided))))
            }
            waitingClients.removeAll()
        }
    }

    mutating func answer(_ request: ClientRequest, _ output: OperationOutput, _ effects: inout Effects) {
        guard let index = waitingClients.firstIndex(of: request) else { return }
        waitingClients.remove(at: index)
        effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: .result(output))))
    }

    /// A learner behind asks; any node that learned the values answers, a bounded batch at a time.
    func serveCatchUp(to peer: NodeID, fromSlot: Int, _ effects: inout Effects) {
        guard fromSlot >= 1, fromSlot <= executed else { return }
        for slot in fromSlot...min(executed, fromSlot + 63) {
            effects.append(.send(to: peer, .chosen(slot: slot, value: learned[slot - 1]!)))
        }
    }
}
