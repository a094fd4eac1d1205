import QuorumCore
import Testing

@Suite("Durations, probabilities, vector clocks, queue order")
struct ParsingTests {
    @Test(arguments: [("2s", Int64(2_000_000)), ("10.5s", 10_500_000), ("300ms", 300_000), ("250us", 250), ("1m", 60_000_000), ("0.001s", 1_000)])
    func durations(text: String, micros: Int64) {
        #expect(DurationParsing.micros(Substring(text)) == micros)
    }

    @Test(arguments: ["", "s", "2", "2h", "1.2.3s", "-1s", "0.0000001s", "abc"])
    func badDurations(text: String) {
        #expect(DurationParsing.micros(Substring(text)) == nil)
    }

    @Test func latencyRanges() {
        #expect(DurationParsing.range("5ms..25ms")! == (5_000, 25_000))
        #expect(DurationParsing.range("10ms")! == (10_000, 10_000))
        #expect(DurationParsing.range("5ms..") == nil)
    }

    @Test func probabilities() {
        #expect(Probability(parsing: "0.05")?.perMillion == 50_000)
        #expect(Probability(parsing: "5%")?.perMillion == 50_000)
        #expect(Probability(parsing: "1")?.perMillion == 1_000_000)
        #expect(Probability(parsing: "1.5") == nil)
        #expect(Probability(parsing: "x") == nil)
        #expect(Probability(perMillion: 125_000).description == "12.5%")
    }

    @Test func vectorClockOrder() {
        var a = VectorClock(nodeCount: 3)
        var b = VectorClock(nodeCount: 3)
        a.tick(NodeID(0))
        #expect(a.compare(b) == .after && b.compare(a) == .before)
        b.tick(NodeID(1))
        #expect(a.compare(b) == .concurrent)
        b.merge(a)
        #expect(b.compare(a) == .after)
        #expect(b.description == "[1,1,0]")
        #expect(a.compare(a) == .equal)
    }

    // Same-time entries leave in the order they were scheduled; otherwise by time.
    @Test func eventQueueOrdersByTimeThenSequence() {
        var queue = EventQueue<Int>()
        var random = RandomStream(seed: 8)
        var expected: [(time: Int64, order: Int)] = []
        for order in 0..<500 {
            let time = random.int(in: Int64(0)...50)
            queue.schedule(order, at: SimTime(micros: time))
            expected.append((time, order))
        }
        expected.sort { $0.time != $1.time ? $0.time < $1.time : $0.order < $1.order }
        var popped: [Int] = []
        while let entry = queue.popNext() { popped.append(entry.action) }
        #expect(popped == expected.map(\.order))
    }

    @Test func topologyPartitionsAndCuts() {
        var topology = NetworkTopology(nodeCount: 5)
        topology.partition([[NodeID(0), NodeID(1)]])
        #expect(topology.canReach(from: NodeID(0), to: NodeID(1)))
        #expect(!topology.canReach(from: NodeID(0), to: NodeID(2)))
        #expect(topology.canReach(from: NodeID(3), to: NodeID(4)), "unlisted nodes form one more side")
        #expect(topology.sides == [[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]])
        topology.heal()
        topology.cutLink(from: NodeID(2), to: NodeID(3))
        #expect(!topology.canReach(from: NodeID(2), to: NodeID(3)))
        #expect(topology.canReach(from: NodeID(3), to: NodeID(2)), "a cut is one-way")
    }
}
