import Testing
import QuorumCore
@testable import QuorumStore

/// One coordinator driven input by input: blocking read repair, unavailable, timeouts.
@Suite("Coordinator")
struct CoordinatorTests {
    typealias Effects = [NodeEffect<StoreMessage, StoreNode.Timer, StoreStorageWrite>]

    /// n1, with a key it replicates (5 nodes, RF 3).
    func coordinator(config: StoreConfig = StoreConfig()) -> (StoreNode, String) {
        var node = StoreNode(id: NodeID(0), clusterSize: 5, config: config, storage: StoreStorage(), random: RandomStream(seed: 7))
        node.readLocalClock(trueTime: .zero)
        _ = node.handle(.start)
        let key = (0..<100).map { "k\($0)" }.first { node.ring.replicas(of: $0).contains(NodeID(0)) }!
        return (node, key)
    }

    func request(_ operation: ClientOperation, level: String? = nil) -> NodeInput<StoreMessage, StoreNode.Timer> {
        .client(ClientRequest(client: ClientID(0), sequence: 1, operation: operation, options: level.map { [RequestOption("level", $0)] } ?? []))
    }

    func replies(_ effects: Effects) -> [ClientReply.Body] {
        effects.compactMap { if case .reply(let reply) = $0 { return reply.body } else { return nil } }
    }

    func sends(_ effects: Effects) -> [(NodeID, StoreMessage)] {
        effects.compactMap { if case .send(let to, let message) = $0 { return (to, message) } else { return nil } }
    }

    /// Cassandra's blocking read repair: the replica that answered an older cell gets the newest
    /// one, and the client is answered only once it acknowledged.
    @Test func aQuorumReadRepairsTheStaleReplicaBeforeAnswering() throws {
        var (node, key) = coordinator()
        let newer = Cell(value: "new", timestampMicros: 2_000, coordinator: NodeID(1))
        let older = Cell(value: "old", timestampMicros: 1_000, coordinator: NodeID(2))
        _ = node.handle(.message(from: NodeID(1), .write(id: 99, key: key, cell: newer)))
        let asked = sends(node.handle(request(.get(key: key))))
        try #require(asked.count == 1, "QUORUM of 3 is 2: the coordinator itself and one more")
        guard case .read(let id, _) = asked[0].1 else { Issue.record("expected a read, got \(asked[0].1)"); return }
        let other = asked[0].0
        let afterReply = node.handle(.message(from: other, .readReply(id: id, key: key, cell: older)))
        #expect(replies(afterReply).isEmpty, "blocking: no answer before the repair is acknowledged")
        #expect(sends(afterReply).contains { $0.0 == other && $0.1 == .readRepair(id: id, key: key, cell: newer) })
        #expect(node.pending[id]?.phase == .repairing)
        let afterAck = node.handle(.message(from: other, .readRepairAck(id: id, key: key)))
        #expect(replies(afterAck) == [.result(.value("new"))])
        #expect(node.pending[id] == nil)
    }

    /// Only replicas that answered an older or missing cell are repaired; one that answered the
    /// newest gets nothing, and the answer waits for the stale one's ack alone.
    @Test func aReadRepairsOnlyTheReplicasThatAnsweredOlderCells() throws {
        var (node, key) = coordinator()
        let newer = Cell(value: "new", timestampMicros: 2_000, coordinator: NodeID(1))
        _ = node.handle(.message(from: NodeID(1), .write(id: 99, key: key, cell: newer)))
        let asked = sends(node.handle(request(.get(key: key), level: "ALL")))
        try #require(asked.count == 2)
        guard case .read(let id, _) = asked[0].1 else { Issue.record("expected a read, got \(asked[0].1)"); return }
        let (upToDate, stale) = (asked[0].0, asked[1].0)
        _ = node.handle(.message(from: upToDate, .readReply(id: id, key: key, cell: newer)))
        let afterStale = node.handle(.message(from: stale, .readReply(id: id, key: key, cell: nil)))
        #expect(sends(afterStale).map(\.0) == [stale], "a repair for the replica that lacked the key, none for the other")
        #expect(replies(afterStale).isEmpty)
        #expect(replies(node.handle(.message(from: stale, .readRepairAck(id: id, key: key)))) == [.result(.value("new"))])
    }

    @Test func theCoordinatorRepairsItsOwnStaleCopy() throws {
        var (node, key) = coordinator()
        let asked = sends(node.handle(request(.get(key: key))))
        guard case .read(let id, _) = asked[0].1 else { Issue.record("expected a read"); return }
        let newer = Cell(value: "new", timestampMicros: 2_000, coordinator: NodeID(1))
        let effects = node.handle(.message(from: asked[0].0, .readReply(id: id, key: key, cell: newer)))
        #expect(replies(effects) == [.result(.value("new"))])
        #expect(node.store.cells[key] == newer)
    }

    @Test func aReadAtONEAsksOneReplicaAndNeverRepairs() throws {
        var (node, key) = coordinator()
        let effects = node.handle(request(.get(key: key), level: "ONE"))
        #expect(sends(effects).isEmpty, "ONE: the coordinator is a replica and answers from its own copy")
        #expect(replies(effects) == [.result(.value(nil))])
    }

    @Test func tooFewReplicasBelievedUpIsUnavailableAtOnce() throws {
        var (node, key) = coordinator()
        // Only n1 has been heard from for 2 s: every other node is convicted.
        node.readLocalClock(trueTime: .seconds(2))
        let effects = node.handle(request(.set(key: key, value: "v")))
        #expect(sends(effects).filter { if case .write = $0.1 { return true } else { return false } }.isEmpty, "nothing is sent")
        guard case .unavailable(let reason) = replies(effects).first else { Issue.record("expected unavailable"); return }
        #expect(reason.hasPrefix("unavailable: QUORUM needs 2, 1 up"))
        #expect(node.store.hints.isEmpty && node.store.cells[key] == nil)
        // ANY takes a hint instead.
        let any = node.handle(request(.set(key: key, value: "v"), level: "ANY"))
        #expect(replies(any) == [.result(.done)])
        #expect(node.store.hints.count == 2)
    }

    /// Cassandra's unavailable error names the replicas the level needs and those alive where it
    /// counts: a LOCAL_QUORUM coordinator in dc2 with one dc2 replica up (itself) is short in dc2,
    /// however many dc1 replicas are up. It said "needs 2, 4 up", counting dc1's.
    @Test func unavailableCountsTheReplicasUpWhereTheLevelNeedsThem() throws {
        let config = StoreConfig(replicationFactors: [3, 3])
        var node = StoreNode(id: NodeID(3), clusterSize: 6, config: config, storage: StoreStorage(), random: RandomStream(seed: 7))
        node.readLocalClock(trueTime: .zero)
        _ = node.handle(.start)
        // At 2 s only dc1 (n1-n3) has been heard from: n5 and n6 are convicted.
        node.readLocalClock(trueTime: .seconds(2))
        for peer in 0..<3 { _ = node.handle(.message(from: NodeID(peer), .ping)) }
        #expect(replies(node.handle(request(.set(key: "x", value: "v"), level: "LOCAL_QUORUM")))
                == [.unavailable("unavailable: LOCAL_QUORUM needs 2 in dc2, 1 up there")])
        #expect(replies(node.handle(request(.get(key: "x"), level: "EACH_QUORUM")))
                == [.unavailable("unavailable: EACH_QUORUM needs 2 in dc2, 1 up there")])
        #expect(replies(node.handle(request(.get(key: "x"), level: "ALL"))) == [.unavailable("unavailable: ALL needs 6, 4 up")])
    }

    @Test func notEnoughAcksInTimeIsATimeoutAndHintsTheSilentReplicas() throws {
        var (node, key) = coordinator()
        let effects = node.handle(request(.set(key: key, value: "v"), level: "ALL"))
        let writes = sends(effects)
        #expect(writes.count == 2)
        guard case .write(let id, _, _) = writes[0].1 else { Issue.record("expected a write"); return }
        _ = node.handle(.message(from: writes[0].0, .writeAck(id: id, key: key)))
        let timedOut = node.handle(.timer(.requestTimeout(id)))
        #expect(replies(timedOut) == [.result(.error("timeout: ALL 2/3"))])
        #expect(node.store.hints.map(\.replica) == [writes[1].0], "Cassandra hints a replica that did not ack in time")
        // The client strategy records it as unknown, not failed.
        var client = StoreClient(clusterSize: 5)
        #expect(client.received(ClientReply(client: ClientID(0), sequence: 1, body: replies(timedOut)[0]), from: NodeID(0)) == .outcomeUnknown)
        #expect(client.received(ClientReply(client: ClientID(0), sequence: 1, body: .unavailable("unavailable: x")), from: NodeID(0)) == .fail("unavailable: x"))
    }

    /// Cassandra ("ANY: a write must be written to at least one node; if all replica nodes for
    /// the key are down, the write can still succeed after a hinted handoff has been written"):
    /// with every replica up and no hint kept, ANY waits for a replica's ack like ONE. Answering
    /// at once acknowledged a write of which no copy existed anywhere, not even a hint on disk.
    @Test func anyWithEveryReplicaUpWaitsForAnAck() throws {
        var (node, _) = coordinator()
        let key = (0..<100).map { "k\($0)" }.first { !node.ring.replicas(of: $0).contains(NodeID(0)) }!
        let effects = node.handle(request(.set(key: key, value: "v"), level: "ANY"))
        let writes = sends(effects)
        #expect(writes.count == 3, "the write goes to the three replicas")
        #expect(replies(effects).isEmpty, "nothing holds the write yet: no answer")
        #expect(node.store.hints.isEmpty)
        guard case .write(let id, _, _) = writes[0].1 else { Issue.record("expected a write, got \(writes[0].1)"); return }
        #expect(replies(node.handle(.message(from: writes[0].0, .writeAck(id: id, key: key)))) == [.result(.done)])
    }

    /// A restarted coordinator ignores answers to its former requests because each life numbers
    /// them apart. A life that coordinated 100,000 requests must not run into the numbers of the
    /// next one: the late acks of its last writes would count for the next life's writes.
    @Test func aLongLifesRequestIdsNeverMeetTheNextLifes() throws {
        var (node, key) = coordinator(config: StoreConfig(writeLevel: .all))
        node.nextRequestId = node.store.boots * 100_000 + 99_998  // as after 99,997 requests
        var formerWrites: [(NodeID, UInt64)] = []
        for sequence in UInt64(1)...4 {
            let effects = node.handle(.client(ClientRequest(client: ClientID(0), sequence: sequence, operation: .set(key: key, value: "old\(sequence)"))))
            for case (let to, .write(let id, _, _)) in sends(effects) { formerWrites.append((to, id)) }
        }
        var restarted = StoreNode(id: NodeID(0), clusterSize: 5, config: node.config, storage: node.store, random: RandomStream(seed: 9))
        restarted.readLocalClock(trueTime: .seconds(1))
        _ = restarted.handle(.start)
        let effects = restarted.handle(.client(ClientRequest(client: ClientID(1), sequence: 1, operation: .set(key: key, value: "new"))))
        let newIds = Set(sends(effects).compactMap { if case .write(let id, _, _) = $0.1 { return id } else { return nil } })
        #expect(newIds.count == 1)
        // The replicas acknowledge the former life's writes late.
        var answered: [ClientReply.Body] = []
        for (replica, id) in formerWrites { answered += replies(restarted.handle(.message(from: replica, .writeAck(id: id, key: key)))) }
        #expect(answered.isEmpty, "acks to the former life's writes do not complete the new ALL write")
        #expect(Set(formerWrites.map(\.1)).isDisjoint(with: newIds))
    }

    /// After the timeout the request is gone: a late ack or a late read answer finds nothing and
    /// answers nobody (the client was told "timeout" once).
    @Test func lateAnswersAfterATimeoutAreIgnored() throws {
        var (node, key) = coordinator()
        let writes = sends(node.handle(request(.set(key: key, value: "v"), level: "ALL")))
        guard case .write(let writeId, _, _) = writes[0].1 else { Issue.record("expected a write"); return }
        #expect(replies(node.handle(.timer(.requestTimeout(writeId)))).count == 1)
        for (replica, _) in writes { #expect(node.handle(.message(from: replica, .writeAck(id: writeId, key: key))).isEmpty) }
        let reads = sends(node.handle(.client(ClientRequest(client: ClientID(0), sequence: 2, operation: .get(key: key)))))
        guard case .read(let readId, _) = reads[0].1 else { Issue.record("expected a read"); return }
        #expect(replies(node.handle(.timer(.requestTimeout(readId)))) == [.result(.error("timeout: QUORUM 1/2"))])
        #expect(node.handle(.message(from: reads[0].0, .readReply(id: readId, key: key, cell: nil))).isEmpty)
        #expect(node.pending.isEmpty)
    }

    @Test func unknownLevelsAndWriteOnlyLevelsAreRefused() {
        var (node, key) = coordinator()
        #expect(replies(node.handle(request(.get(key: key), level: "ANY"))) == [.unavailable("refused: no such consistency level")])
        #expect(replies(node.handle(request(.get(key: key), level: "MOST"))) == [.unavailable("refused: no such consistency level")])
    }

    /// Found by `quorum sweep store --seeds 924 --read-level ONE --write-level ALL`: after a
    /// freeze a coordinator handled two writes in one instant; equal timestamps made the replicas
    /// keep different values that anti-entropy took for equal. Timestamps are now strictly
    /// increasing per coordinator (as Cassandra's), and a digest carries a fingerprint of the value.
    @Test func twoWritesInOneInstantGetIncreasingTimestamps() throws {
        var (node, key) = coordinator(config: StoreConfig(writeLevel: .one))
        _ = node.handle(request(.set(key: key, value: "first")))
        let first = try #require(node.store.cells[key])
        _ = node.handle(.client(ClientRequest(client: ClientID(1), sequence: 1, operation: .set(key: key, value: "second"))))
        let second = try #require(node.store.cells[key])
        #expect(second.value == "second" && second.timestampMicros == first.timestampMicros + 1)
    }

    @Test func antiEntropySettlesCellsThatTieOnTimestampAndCoordinator() throws {
        var (first, key) = coordinator()
        let otherID = first.ring.replicas(of: key).first { $0 != NodeID(0) }!
        var other = StoreNode(id: otherID, clusterSize: 5, config: StoreConfig(), storage: StoreStorage(), random: RandomStream(seed: 8))
        other.readLocalClock(trueTime: .zero)
        _ = other.handle(.start)
        let a = Cell(value: "a", timestampMicros: 5, coordinator: NodeID(4)), b = Cell(value: "b", timestampMicros: 5, coordinator: NodeID(4))
        _ = first.handle(.message(from: NodeID(4), .write(id: 1, key: key, cell: a)))
        _ = other.handle(.message(from: NodeID(4), .write(id: 1, key: key, cell: b)))
        let digest = StoreMessage.digest(entries: [.init(key: key, timestampMicros: 5, coordinator: NodeID(4), valueHash: StableHash.fnv1a("a"))])
        let answer = sends(other.handle(.message(from: first.id, digest)))
        try #require(answer.count == 1)
        #expect(answer[0].1 == .sync(cells: [.init(key: key, cell: b)], wants: [key]))
        let back = sends(first.handle(.message(from: otherID, answer[0].1)))
        #expect(first.store.cells[key] == b, "last write wins by value on a tie: b")
        for (_, message) in back { _ = other.handle(.message(from: first.id, message)) }
        #expect(other.store.cells[key] == b)
    }
}
