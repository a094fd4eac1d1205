import QuorumCore

/// PBFT's own Byzantine modes (besides `silent` and `delay`, which the core applies to every
/// protocol). Each rewrites what a replica sends in its own name; none forges another replica's
/// message or certificate (authentication, §3).
extension PBFTNode {
    /// As primary, sends PRE-PREPAREs with different requests for one sequence number to
    /// different backups; as backup, PREPAREs and COMMITs for digests it never saw.
    public static let equivocate = NodeBehaviour("equivocate")
    /// Replies to clients with wrong results.
    public static let lieToClients = NodeBehaviour("lie-to-clients")
    /// Takes no part in view changes (sends no VIEW-CHANGE or NEW-VIEW) and stamps its normal-case
    /// messages with the view before its current one, as a replica stuck in its old view would.
    public static let staleView = NodeBehaviour("stale-view")

    public static var byzantineModes: [NodeBehaviour] { [equivocate, lieToClients, staleView] }

    public static func misbehave(_ behaviour: NodeBehaviour, node: NodeID, clusterSize: Int,
                                 effects: inout Effects, random: inout RandomStream) {
        switch behaviour {
        case equivocate: equivocate(&effects, random: &random)
        case lieToClients: lie(&effects, random: &random)
        case staleView: stayInOldView(&effects)
        default: return
        }
    }

    /// Every second backup (by index) gets a pre-prepare for another request, one the client never
    /// sent, with that request's digest, so it passes the backup's digest check (§4.2) and the two
    /// halves prepare different things; PREPARE and COMMIT carry made-up digests.
    static func equivocate(_ effects: inout Effects, random: inout RandomStream) {
        for index in effects.indices {
            guard case .send(let to, let message) = effects[index] else { continue }
            switch message {
            case .prePrepare(let prePrepare) where to.index % 2 == 0:
                let forged = prePrepare.request.map {
                    ClientRequest(client: $0.client, sequence: $0.sequence, operation: forgedOperation($0.operation, random: &random))
                }
                effects[index] = .send(to: to, .prePrepare(PrePrepare(view: prePrepare.view, sequence: prePrepare.sequence, request: forged)))
            case .prepare(let view, let sequence, _):
                effects[index] = .send(to: to, .prepare(view: view, sequence: sequence, digest: random.next()))
            case .commit(let view, let sequence, _):
                effects[index] = .send(to: to, .commit(view: view, sequence: sequence, digest: random.next()))
            default: continue
            }
        }
    }

    static func forgedOperation(_ operation: ClientOperation, random: inout RandomStream) -> ClientOperation {
        .set(key: operation.key, value: "forged-\(random.below(1000))")
    }

    static func lie(_ effects: inout Effects, random: inout RandomStream) {
        for index in effects.indices {
            guard case .reply(let reply) = effects[index], case .result = reply.body else { continue }
            effects[index] = .reply(ClientReply(client: reply.client, sequence: reply.sequence, body: .result(.value("lie-\(random.below(1000))"))))
        }
    }

    static func stayInOldView(_ effects: inout Effects) {
        effects.removeAll { effect in
            guard case .send(_, let message) = effect else { return false }
            switch message {
            case .viewChange, .newView: return true
            default: return false
            }
        }
        for index in effects.indices {
            guard case .send(let to, let message) = effects[index] else { continue }
            switch message {
            case .prePrepare(let prePrepare) where prePrepare.view > 0:
                var old = prePrepare
                old.view -= 1
                effects[index] = .send(to: to, .prePrepare(old))
            case .prepare(let view, let sequence, let digest) where view > 0:
                effects[index] = .send(to: to, .prepare(view: view - 1, sequence: sequence, digest: digest))
            case .commit(let view, let sequence, let digest) where view > 0:
                effects[index] = .send(to: to, .commit(view: view - 1, sequence: sequence, digest: digest))
            default: continue
            }
        }
    }
}
