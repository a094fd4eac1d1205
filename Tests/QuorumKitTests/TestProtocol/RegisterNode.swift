import QuorumCore

/// A test-only protocol, registered through the same point as Raft and gossip to prove that a new
/// protocol needs no other file: a single primary (n1) serialises every client operation on a
/// key-value register, replicates each applied operation to the backups by sequence number, and
/// heartbeats them. Clients broadcast each attempt to every node and take the primary's answer
/// (backups redirect), which exercises a protocol-supplied client. A Byzantine `lie` primary
/// answers reads with a wrong value, which the linearizability checker must catch.
struct RegisterNode: SimulatedNode, NodeDescribing {
    enum Message: ProtocolMessage, Hashable {
        case replicate(sequence: Int, operation: ClientOperation)
        case heartbeat(applied: Int)

        var category: MessageCategory {
            switch self {
            case .replicate: return .replication
            case .heartbeat: return .other
            }
        }

        var styleKey: String? {
            switch self {
            case .replicate: return "replicate"
            case .heartbeat: return nil
            }
        }

        var description: String {
            switch self {
            case .replicate(let sequence, let operation): return "Replicate #\(sequence) \(operation)"
            case .heartbeat(let applied): return "Heartbeat applied:\(applied)"
            }
        }
    }

    enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case heartbeat
        var description: String { rawValue }
    }

    struct Config: Sendable, Equatable {
        var heartbeatMicros: Int64 = 100_000
    }

    /// What survives a crash: the register and the operations applied, by sequence number.
    struct Storage: Sendable {
        var values: [String: String] = [:]
        var applied: [ClientOperation] = []
        /// Per client, the last sequence applied and its output (a retried request is applied once).
        var sessions: [ClientID: (sequence: UInt64, output: OperationOutput)] = [:]
    }

    enum StorageWrite: Sendable {
        case applied(ClientOperation, values: [String: String], client: ClientID?, sequence: UInt64, output: OperationOutput?)
    }

    /// Broadcast every attempt; the primary's result completes it, a backup's redirect is waited out.
    struct Client: ClientStrategy {
        let clusterSize: Int
        init(clusterSize: Int) { self.clusterSize = clusterSize }
        mutating func begin(_ request: ClientRequest) {}
        func options(for operation: ClientOperation) -> [RequestOption] { [RequestOption("to", "all")] }
        mutating func targets(failed: [NodeID], random: inout RandomStream) -> [NodeID] { NodeID.all(count: clusterSize) }
        mutating func sent(to nodes: [NodeID]) {}
        mutating func received(_ reply: ClientReply, from node: NodeID) -> ClientStep {
            if case .result(let output) = reply.body { return .complete(output) }
            return .wait
        }
    }

    static let protocolName = "register"
    static let primaryTimer = Timer.heartbeat
    static let byzantineModes = [NodeBehaviour("lie")]

    let id: NodeID
    let clusterSize: Int
    let config: Config
    var storage: Storage
    var heardFromPrimary = 0

    init(id: NodeID, clusterSize: Int, config: Config, storage: Storage, random: RandomStream) {
        self.id = id
        self.clusterSize = clusterSize
        self.config = config
        self.storage = storage
    }

    static func emptyStorage(config: Config, clusterSize: Int) -> Storage { Storage() }

    static func apply(_ write: StorageWrite, to storage: inout Storage) {
        switch write {
        case .applied(let operation, let values, let client, let sequence, let output):
            storage.applied.append(operation)
            storage.values = values
            if let client, let output { storage.sessions[client] = (sequence, output) }
        }
    }

    var isPrimary: Bool { id.index == 0 }
    var isLeader: Bool { isPrimary }

    mutating func handle(_ input: NodeInput<Message, Timer>, into effects: inout [NodeEffect<Message, Timer, StorageWrite>]) {
        switch input {
        case .start:
            if isPrimary { effects.append(.setTimer(.heartbeat, afterMicros: config.heartbeatMicros)) }
        case .timer(.heartbeat):
            for peer in NodeID.all(count: clusterSize) where peer != id {
                effects.append(.send(to: peer, .heartbeat(applied: storage.applied.count)))
            }
            effects.append(.setTimer(.heartbeat, afterMicros: config.heartbeatMicros))
        case .client(let request):
            guard isPrimary else {
                effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: .redirect(NodeID(0)))))
                return
            }
            let output = applyOnce(request, effects: &effects)
            effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: .result(output))))
        case .message(_, .replicate(let sequence, let operation)):
            // Backups apply in sequence order only; a gap waits for the primary's next heartbeat.
            guard sequence == storage.applied.count + 1 else { return }
            var values = storage.values
            _ = Self.evaluate(operation, on: &values)
            storage.applied.append(operation)
            storage.values = values
            effects.append(.persist(.applied(operation, values: values, client: nil, sequence: 0, output: nil)))
        case .message(_, .heartbeat(let applied)):
            heardFromPrimary = applied
        }
    }

    /// Applies a client's operation unless it is a retry of the last one (then answers as before).
    private mutating func applyOnce(_ request: ClientRequest, effects: inout [NodeEffect<Message, Timer, StorageWrite>]) -> OperationOutput {
        if let session = storage.sessions[request.client], session.sequence == request.sequence { return session.output }
        var values = storage.values
        let output = Self.evaluate(request.operation, on: &values)
        let write = StorageWrite.applied(request.operation, values: values, client: request.client, sequence: request.sequence, output: output)
        Self.apply(write, to: &storage)
        effects.append(.persist(write))  // durable before the reply and the replication
        for peer in NodeID.all(count: clusterSize) where peer != id {
            effects.append(.send(to: peer, .replicate(sequence: storage.applied.count, operation: request.operation)))
        }
        return output
    }

    static func evaluate(_ operation: ClientOperation, on values: inout [String: String]) -> OperationOutput {
        operation.apply(to: &values)
    }

    /// `lie`: answers every read with a value nobody wrote.
    static func misbehave(_ behaviour: NodeBehaviour, node: NodeID, clusterSize: Int,
                          effects: inout [NodeEffect<Message, Timer, StorageWrite>], random: inout RandomStream) {
        guard behaviour.name == "lie" else { return }
        for index in effects.indices {
            if case .reply(let reply) = effects[index], case .result(.value) = reply.body {
                effects[index] = .reply(ClientReply(client: reply.client, sequence: reply.sequence, body: .result(.value("lie-\(random.below(1000))"))))
            }
        }
    }

    func describe(logTail: Int) -> NodeDescription {
        var description = NodeDescription(
            role: isPrimary ? "primary" : "backup", roleKind: isPrimary ? .leader : .follower,
            details: [("applied", String(storage.applied.count)), ("primary", "n1")],
            contents: storage.values.map { ($0.key, $0.value) }.sorted { $0.key < $1.key })
        description.roleStyleKey = isPrimary ? "primary" : "backup"
        let recent = storage.applied.indices.suffix(6)
        description.panels = [
            NodePanel(title: "replication", content: .facts([.init("applied", String(storage.applied.count)),
                                                              .init("heard", String(heardFromPrimary))])),
            NodePanel(title: "recent operations", content: .slots(recent.map {
                NodePanel.Slot(number: $0 + 1, phase: storage.applied[$0].isRead ? "read" : "write", label: storage.applied[$0].key)
            })),
            NodePanel(title: "applied (by sequence)", content: .log(recent.map {
                NodeDescription.LogCell(index: $0 + 1, term: 1, committed: $0 + 1 <= heardFromPrimary || isPrimary, label: storage.applied[$0].key)
            })),
            NodePanel(title: "register", content: .table(columns: ["key", "value"], rows: storage.values.sorted { $0.key < $1.key }.map {
                [NodePanel.Cell($0.key), NodePanel.Cell($0.value, styleKey: "phase-write")]
            })),
        ]
        return description
    }
}
