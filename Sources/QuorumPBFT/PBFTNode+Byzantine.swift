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

    /// Works with the other faulty replicas (one adversary coordinates them all, §2). As primary,
    /// pre-prepares a forged request to the second half of the honest replicas and the client's to
    /// everyone else; as backup, sends each honest replica PREPAREs and COMMITs for the digest that
    /// replica was given. Up to f colluders cannot make two honest replicas commit different
    /// requests (§4.5.1: two quorums of 2f+1 share an honest replica); f+1 can.
    public static let collude = NodeBehaviour("collude")

    public static var byzantineModes: [NodeBehaviour] { [equivocate, lieToClients, staleView, collude] }

    public func misbehave(_ behaviour: NodeBehaviour, adversary: Adversary, effects: inout Effects, random: inout RandomStream) {
        guard behaviour == Self.collude else {
            return Self.misbehave(behaviour, node: adversary.node, clusterSize: adversary.clusterSize, effects: &effects, random: &random)
        }
        collude(adversary, &effects)
    }

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

    /// The honest replicas the colluders deceive: the second half of them, by index.
    static func deceived(_ adversary: Adversary) -> [NodeID] {
        let honest = adversary.honest
        return Array(honest.suffix(honest.count / 2))
    }

    /// The request the colluders give the deceived replicas in place of `request`: same client and
    /// timestamp (so the client counts its replies), a write of `forged` to the same key.
    public static func forgery(of request: ClientRequest) -> ClientRequest {
        ClientRequest(client: request.client, sequence: request.sequence, operation: .set(key: request.operation.key, value: "forged"),
                      options: request.options)
    }

    func collude(_ adversary: Adversary, _ effects: inout Effects) {
        let deceived = Self.deceived(adversary)
        guard !deceived.isEmpty else { return }
        for index in effects.indices {
            guard case .send(let to, let message) = effects[index], deceived.contains(to) else { continue }
            switch message {
            case .prePrepare(let prePrepare):
                guard let request = prePrepare.request else { continue }
                effects[index] = .send(to: to, .prePrepare(PrePrepare(view: prePrepare.view, sequence: prePrepare.sequence, request: Self.forgery(of: request))))
            case .prepare(let view, let sequence, let digest):
                guard let forged = forgedDigest(sequence: sequence, digest: digest) else { continue }
                effects[index] = .send(to: to, .prepare(view: view, sequence: sequence, digest: forged))
            case .commit(let view, let sequence, let digest):
                guard let forged = forgedDigest(sequence: sequence, digest: digest) else { continue }
                effects[index] = .send(to: to, .commit(view: view, sequence: sequence, digest: forged))
            default: continue
            }
        }
    }

    /// The digest of the forgery of the request this replica holds at `sequence`, if `digest` is
    /// that request's.
    func forgedDigest(sequence: Int, digest: Digest) -> Digest? {
        guard let prePrepare = slots[sequence]?.prePrepare, prePrepare.digest == digest, let request = prePrepare.request else { return nil }
        return PBFTMessage.digest(of: Self.forgery(of: request))
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
