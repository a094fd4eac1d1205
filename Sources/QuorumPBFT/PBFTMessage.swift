import QuorumCore

/// A request digest (PBFT §4.2: D(m)). The simulation hashes the request's text with the core's
/// StableHash, the same in every process; a null request (§4.4) has a digest of its own.
public typealias Digest = UInt64

/// The messages of PBFT (Castro & Liskov, OSDI 1999; TOCS 2002), described in the manner of etcd
/// raft's `MsgApp Term:1 Log:1/2`. Messages are authenticated by the simulator, which names the
/// sender: a Byzantine replica can say anything in its own name but cannot forge another's
/// message. Certificates carried inside VIEW-CHANGE and NEW-VIEW name the replicas whose messages
/// they gathered; no Byzantine mode fabricates them (they stand for signed messages).
public enum PBFTMessage: ProtocolMessage, Hashable {
    // The cases that carry a request or a state are boxed (`indirect`), so that a message is a few
    // words: every message is copied several times on its way (queue, event, delivery), and the
    // PREPAREs and COMMITs that make up most of the traffic are small.
    /// REQUEST(o, t, c) relayed by a backup to the primary (§4.1). Clients' own requests reach a
    /// replica as client input.
    indirect case request(ClientRequest)
    /// PRE-PREPARE(v, n, d) with the request m piggybacked (§4.2); `request` nil: the null request
    /// a NEW-VIEW uses to fill a gap (§4.4).
    indirect case prePrepare(PrePrepare)
    /// PREPARE(v, n, d, i) (§4.2).
    case prepare(view: Int, sequence: Int, digest: Digest)
    /// COMMIT(v, n, D(m), i) (§4.2).
    case commit(view: Int, sequence: Int, digest: Digest)
    /// REPLY(v, t, c, i, r) (§4.1). The simulator carries a reply to its client as a `ClientReply`,
    /// which has no view, so replicas never send this case to one another; it is the paper's
    /// message, converted by `clientReply`.
    indirect case reply(view: Int, client: ClientID, timestamp: UInt64, result: OperationOutput)
    /// CHECKPOINT(n, d, i) (§4.3): `digest` is the digest of the state after executing n.
    case checkpoint(sequence: Int, digest: Digest)
    /// VIEW-CHANGE(v+1, n, C, P, i) (§4.4).
    indirect case viewChange(ViewChange)
    /// NEW-VIEW(v+1, V, O) (§4.4).
    indirect case newView(NewView)
    /// State transfer (TOCS §6.2, simplified): a replica behind a stable checkpoint asks the
    /// replicas that signed its proof for the state at that checkpoint.
    /// `after` is the asker's last executed sequence number.
    case fetchState(sequence: Int, after: Int)
    /// The state at checkpoint `sequence`, checked by the receiver against the checkpoint's
    /// digest; `executed` are the request digests from `after` + 1 up to it (kept for checkers,
    /// not verified).
    indirect case state(sequence: Int, snapshot: PBFTStateMachine, after: Int, executed: [Digest])

    public var category: MessageCategory {
        switch self {
        case .request, .reply: return .client
        case .prePrepare: return .replication
        case .prepare, .commit: return .replicationReply
        case .checkpoint, .fetchState, .state: return .other
        case .viewChange, .newView: return .election
        }
    }

    public var styleKey: String? {
        switch self {
        case .request: return nil
        case .prePrepare: return "pre-prepare"
        case .prepare: return "prepare"
        case .commit: return "commit"
        case .reply: return "reply"
        case .checkpoint: return "checkpoint"
        case .viewChange: return "view-change"
        case .newView: return "new-view"
        case .fetchState, .state: return "state-transfer"
        }
    }

    /// The view a normal-case message belongs to (nil for the others).
    public var view: Int? {
        switch self {
        case .prePrepare(let prePrepare): return prePrepare.view
        case .prepare(let view, _, _), .commit(let view, _, _), .reply(let view, _, _, _): return view
        case .viewChange(let change): return change.newView
        case .newView(let newView): return newView.view
        case .request, .checkpoint, .fetchState, .state: return nil
        }
    }

    public var description: String { writtenText }

    public func write(to text: inout [UInt8]) {
        switch self {
        case .request(let request):
            text.append(text: "Relay ")
            text.append(request)
        case .prePrepare(let prePrepare):
            text.append(text: "PrePrepare")
            Self.write(view: prePrepare.view, sequence: prePrepare.sequence, digest: prePrepare.digest, to: &text)
            text.append(UInt8(ascii: " "))
            if let request = prePrepare.request { text.append(request.operation) } else { text.append(text: "null") }
        case .prepare(let view, let sequence, let digest):
            text.append(text: "Prepare")
            Self.write(view: view, sequence: sequence, digest: digest, to: &text)
        case .commit(let view, let sequence, let digest):
            text.append(text: "Commit")
            Self.write(view: view, sequence: sequence, digest: digest, to: &text)
        case .reply(let view, let client, let timestamp, let result):
            text.append(text: "Reply View:")
            text.append(decimal: view)
            text.append(UInt8(ascii: " "))
            text.append(client)
            text.append(UInt8(ascii: "#"))
            text.append(decimal: timestamp)
            text.append(UInt8(ascii: " "))
            text.append(result)
        case .checkpoint(let sequence, let digest):
            text.append(text: "Checkpoint Seq:")
            text.append(decimal: sequence)
            text.append(text: " D:")
            text.append(text: Self.short(digest))
        case .viewChange(let change):
            text.append(text: "ViewChange View:")
            text.append(decimal: change.newView)
            text.append(text: " Stable:")
            text.append(decimal: change.stable.sequence)
            text.append(text: " P:")
            text.append(decimal: change.prepared.count)
        case .newView(let newView):
            text.append(text: "NewView View:")
            text.append(decimal: newView.view)
            text.append(text: " V:")
            text.append(decimal: newView.viewChanges.count)
            text.append(text: " O:")
            text.append(decimal: newView.prePrepares.count)
        case .fetchState(let sequence, let after):
            text.append(text: "FetchState Seq:")
            text.append(decimal: sequence)
            text.append(text: " After:")
            text.append(decimal: after)
        case .state(let sequence, let snapshot, _, _):
            text.append(text: "State Seq:")
            text.append(decimal: sequence)
            text.append(text: " D:")
            text.append(text: Self.short(snapshot.checkpointDigest))
        }
    }

    private static func write(view: Int, sequence: Int, digest: Digest, to text: inout [UInt8]) {
        text.append(text: " View:")
        text.append(decimal: view)
        text.append(text: " Seq:")
        text.append(decimal: sequence)
        text.append(text: " D:")
        text.append(text: short(digest))
    }

    /// The first eight hex digits of a digest: enough to tell two apart on screen.
    public static func short(_ digest: Digest) -> String { String(StableHash.hex(digest).prefix(8)) }

    /// What the simulator carries to the client for a REPLY (§4.1).
    public var clientReply: ClientReply? {
        guard case .reply(_, let client, let timestamp, let result) = self else { return nil }
        return ClientReply(client: client, sequence: timestamp, body: .result(result))
    }

    /// D(m) for a request, or the null request's digest.
    public static func digest(of request: ClientRequest?) -> Digest {
        guard let request else { return nullDigest }
        return StableHash.fnv1a(request.description)
    }

    public static let nullDigest: Digest = StableHash.fnv1a("PBFT null request")
}

/// PRE-PREPARE(v, n, d) with its request (§4.2).
public struct PrePrepare: Hashable, Sendable {
    public var view: Int
    public var sequence: Int
    public var digest: Digest
    /// Nil: the null request (§4.4), which executes as a no-op.
    public var request: ClientRequest?

    public init(view: Int, sequence: Int, request: ClientRequest?) {
        self.view = view
        self.sequence = sequence
        self.request = request
        self.digest = PBFTMessage.digest(of: request)
    }

    /// A pre-prepare whose digest is not its request's (only a Byzantine primary sends one).
    public init(view: Int, sequence: Int, digest: Digest, request: ClientRequest?) {
        self.view = view
        self.sequence = sequence
        self.digest = digest
        self.request = request
    }
}

/// A prepared certificate P_m (§4.4): the pre-prepare and 2f matching prepares from different
/// backups, named by sender.
public struct PreparedCertificate: Hashable, Sendable {
    public var prePrepare: PrePrepare
    public var preparers: [NodeID]

    public init(prePrepare: PrePrepare, preparers: [NodeID]) {
        self.prePrepare = prePrepare
        self.preparers = preparers
    }
}

/// A stable checkpoint and its proof C (§4.3): 2f+1 replicas that sent CHECKPOINT(n, d).
/// Sequence 0 is the initial state and needs no proof.
public struct CheckpointProof: Hashable, Sendable {
    public var sequence: Int
    public var digest: Digest
    public var signers: [NodeID]

    public init(sequence: Int, digest: Digest, signers: [NodeID]) {
        self.sequence = sequence
        self.digest = digest
        self.signers = signers
    }

    public static let initial = CheckpointProof(sequence: 0, digest: StateDigest.initial, signers: [])
}

/// VIEW-CHANGE(v+1, n, C, P, i) (§4.4).
public struct ViewChange: Hashable, Sendable {
    public var newView: Int
    public var sender: NodeID
    public var stable: CheckpointProof
    public var prepared: [PreparedCertificate]

    public init(newView: Int, sender: NodeID, stable: CheckpointProof, prepared: [PreparedCertificate]) {
        self.newView = newView
        self.sender = sender
        self.stable = stable
        self.prepared = prepared
    }
}

/// NEW-VIEW(v+1, V, O) (§4.4): the view-change messages gathered and the pre-prepares computed
/// from them.
public struct NewView: Hashable, Sendable {
    public var view: Int
    public var viewChanges: [ViewChange]
    public var prePrepares: [PrePrepare]

    public init(view: Int, viewChanges: [ViewChange], prePrepares: [PrePrepare]) {
        self.view = view
        self.viewChanges = viewChanges
        self.prePrepares = prePrepares
    }
}
