import QuorumCore

/// A minimal protocol for testing the core: every node pings the next one on a timer, counts the
/// pings it receives, and persists the count. `get` answers the count; other operations are done.
struct PingNode: SimulatedNode {
    enum Message: ProtocolMessage, Hashable {
        case ping(Int)
        var category: MessageCategory { .other }
        var description: String {
            switch self {
            case .ping(let number): return "Ping \(number)"
            }
        }
    }

    enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case tick
        var description: String { rawValue }
    }

    struct Config: Sendable {
        var tickMicros: Int64 = 10_000
        var silent = false
    }

    static let protocolName = "ping"
    static let primaryTimer = Timer.tick

    let id: NodeID
    let clusterSize: Int
    let config: Config
    var received: Int
    var sent = 0
    var random: RandomStream

    init(id: NodeID, clusterSize: Int, config: Config, storage: Int, random: RandomStream) {
        self.id = id
        self.clusterSize = clusterSize
        self.config = config
        self.received = storage
        self.random = random
    }

    static func emptyStorage(config: Config, clusterSize: Int) -> Int { 0 }
    static func apply(_ write: Int, to storage: inout Int) { storage = write }

    var isLeader: Bool { id.index == 0 }

    mutating func handle(_ input: NodeInput<Message, Timer>, into effects: inout [NodeEffect<Message, Timer, Int>]) {
        switch input {
        case .start:
            effects.append(.setTimer(.tick, afterMicros: config.tickMicros))
        case .timer(.tick):
            sent += 1
            if !config.silent, clusterSize > 1 {
                effects.append(.send(to: NodeID((id.index + 1) % clusterSize), .ping(sent)))
            }
            effects.append(.setTimer(.tick, afterMicros: config.tickMicros))
        case .message(_, .ping):
            received += 1
            effects.append(.persist(received))
        case .client(let request):
            let output: OperationOutput = request.operation.isRead ? .value(String(received)) : .done
            effects.append(.reply(ClientReply(client: request.client, sequence: request.sequence, body: .result(output))))
        }
    }
}
