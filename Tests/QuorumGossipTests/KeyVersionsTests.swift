import Testing
import QuorumCore
@testable import QuorumGossip

/// The per-key merge rules, one replica at a time.
@Suite("Key versions: judging incoming versions")
struct KeyVersionsTests {
    static let n1 = NodeID(0), n2 = NodeID(1), n3 = NodeID(2)

    func request(_ client: Int, _ sequence: UInt64, context: CausalContext? = nil) -> ClientRequest {
        ClientRequest(client: ClientID(client), sequence: sequence, operation: .set(key: "k", value: "v"), context: context)
    }

    func write(_ value: String, at node: NodeID, on versions: inout KeyVersions, context: CausalContext? = nil,
               timestamp: Int64 = 0, resolution: GossipConfig.Resolution = .siblings) -> StoredVersion {
        versions.write(value, by: request(0, 1, context: context), context: context, at: node, timestampMicros: timestamp,
                       resolution: resolution, nodeCount: 3)
    }

    @Test("blind writes at two replicas are concurrent and both are kept as siblings")
    func concurrentWritesBecomeSiblings() {
        var left = KeyVersions(), right = KeyVersions()
        let a = write("left", at: Self.n1, on: &left)
        let b = write("right", at: Self.n2, on: &right)
        #expect(a.clock.description == "[1,0,0]")
        #expect(b.clock.description == "[0,1,0]")
        let judged = left.receive(b, resolution: .siblings)
        #expect(judged.order == .concurrent)
        #expect(left.readOutput == .siblings(["left", "right"]))
        #expect(right.receive(a, resolution: .siblings).order == .concurrent)
        #expect(left == right)
    }

    @Test("a write carrying the read context supersedes exactly the siblings it saw")
    func contextSupersedesSiblings() {
        var store = KeyVersions(), other = KeyVersions()
        _ = write("left", at: Self.n1, on: &store)
        _ = store.receive(write("right", at: Self.n2, on: &other), resolution: .siblings)
        let context = store.knownContext(nodeCount: 3)
        let merged = write("merged", at: Self.n1, on: &store, context: context)
        #expect(store.readOutput == .value("merged"))
        #expect(merged.clock.description == "[2,1,0]")
        // A replica still holding both siblings takes the merged write as a descendant.
        var holder = KeyVersions(), holderPeer = KeyVersions()
        _ = write("left", at: Self.n1, on: &holder)
        _ = holder.receive(write("right", at: Self.n2, on: &holderPeer), resolution: .siblings)
        #expect(holder.receive(merged, resolution: .siblings).order == .after)
        #expect(holder.readOutput == .value("merged"))
    }

    @Test("a blind write at the same replica does not silently replace the sibling it never saw")
    func blindWriteKeepsSibling() {
        var store = KeyVersions()
        _ = write("first", at: Self.n1, on: &store)
        let second = write("second", at: Self.n1, on: &store)
        #expect(second.dot.counter == 2)
        #expect(store.readOutput == .siblings(["first", "second"]))
    }

    @Test("an older or equal version is ignored")
    func olderAndEqualIgnored() {
        var store = KeyVersions()
        let first = write("first", at: Self.n1, on: &store)
        _ = write("second", at: Self.n1, on: &store, context: store.knownContext(nodeCount: 3))
        #expect(store.receive(first, resolution: .siblings).order == .before)
        #expect(store.receive(store.versions[0], resolution: .siblings).order == .equal)
        #expect(store.readOutput == .value("second"))
    }

    @Test("lww keeps the version with the later timestamp and drops the other")
    func lastWriterWins() {
        var left = KeyVersions(), right = KeyVersions()
        let early = write("early", at: Self.n1, on: &left, timestamp: 2_080_000, resolution: .lww)
        let late = write("late", at: Self.n3, on: &right, timestamp: 2_050_000, resolution: .lww)
        let judged = right.receive(early, resolution: .lww)
        #expect(judged.order == .concurrent)
        #expect(judged.discarded.map(\.value) == ["late"])
        // Timestamps are named in milliseconds, as people read them (they were raw microseconds).
        #expect(judged.outcome == "lww kept early (ts 2080.000ms), dropped late (ts 2050.000ms)")
        #expect(KeyVersions.millis(2_112_038) == "2112.038ms" && KeyVersions.millis(5) == "0.005ms" && KeyVersions.millis(-1_500) == "-1.500ms")
        #expect(right.readOutput == .value("early"))
        #expect(left.receive(late, resolution: .lww).order == .concurrent)
        #expect(left == right)
        // The merged version knows both writes, so it is newer than either.
        #expect(right.versions[0].clock.description == "[1,0,1]")
    }

    @Test("lww: equal timestamps fall to the higher replica id")
    func lwwTieBreak() {
        var left = KeyVersions(), right = KeyVersions()
        _ = write("from-n1", at: Self.n1, on: &left, timestamp: 5, resolution: .lww)
        let b = write("from-n2", at: Self.n2, on: &right, timestamp: 5, resolution: .lww)
        _ = left.receive(b, resolution: .lww)
        #expect(left.readOutput == .value("from-n2"))
    }

    @Test("lww: a causally later write wins even with an older timestamp")
    func causalityBeatsClocks() {
        var store = KeyVersions()
        let first = write("first", at: Self.n1, on: &store, timestamp: 9_000, resolution: .lww)
        var other = KeyVersions()
        _ = other.receive(first, resolution: .lww)
        let second = write("second", at: Self.n3, on: &other, timestamp: 1_000, resolution: .lww)
        #expect(store.receive(second, resolution: .lww).order == .after)
        #expect(store.readOutput == .value("second"))
    }

    @Test("lww: whatever order two replicas merge in, they keep the same version")
    func lwwMergeOrderDoesNotMatter() {
        var source = KeyVersions(), other = KeyVersions()
        // A frozen replica that wakes up accepts two writes at the same instant: equal timestamps.
        let first = write("first", at: Self.n1, on: &source, timestamp: 8_000_000, resolution: .lww)
        let third = write("third", at: Self.n2, on: &other, timestamp: 8_000_000, resolution: .lww)
        var left = KeyVersions(), right = KeyVersions()
        _ = left.receive(first, resolution: .lww)
        _ = left.receive(third, resolution: .lww)
        _ = right.receive(third, resolution: .lww)
        _ = right.receive(first, resolution: .lww)
        #expect(left == right)
        #expect(left.readOutput == .value("third"))
    }

    // Almeida et al. 2014 (dotted version vectors): a context is the exact set of writes its reader
    // saw. The sequence: n1 holds A (n1:1); a blind write C at n1 takes n1:2 and A stays a
    // sibling; C reaches n2 before A. A read at n2 must not claim n1:1, so the next write D, made
    // with that read's context, replaces C but not A, which no client saw.
    @Test("a read's context never claims a write its replica does not hold, so D does not replace the unseen A")
    func contextDoesNotClaimUnseenSibling() {
        var n1 = KeyVersions(), n2 = KeyVersions()
        let a = write("A", at: Self.n1, on: &n1)
        let c = write("C", at: Self.n1, on: &n1)
        #expect(c.dot == Dot(node: Self.n1, counter: 2))
        #expect(n1.readOutput == .siblings(["A", "C"]))
        _ = n2.receive(c, resolution: .siblings)
        let context = n2.knownContext(nodeCount: 3)
        #expect(!context.contains(a.dot), "the context read at n2 holds C only")
        #expect(context.description == "[0,0,0]+n1:2")
        let d = write("D", at: Self.n2, on: &n2, context: context)
        #expect(n2.receive(a, resolution: .siblings).order == .concurrent, "A arrives late and stays beside D")
        #expect(n2.readOutput == .siblings(["A", "D"]))
        #expect(n1.receive(d, resolution: .siblings).order == .concurrent)
        #expect(n1.readOutput == .siblings(["A", "D"]), "D replaced C, which its writer saw, and only C")
    }
}
