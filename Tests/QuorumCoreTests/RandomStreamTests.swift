import QuorumCore
import Testing

@Suite("Seeded random streams")
struct RandomStreamTests {
    @Test func sameSeedSameNumbers() {
        var first = RandomStream(seed: 99)
        var second = RandomStream(seed: 99)
        #expect((0..<100).map { _ in first.next() } == (0..<100).map { _ in second.next() })
    }

    @Test func derivedStreamsAreIndependentOfEachOtherAndOfDrawOrder() {
        let root = RandomStream(seed: 5)
        var network = root.derived("network")
        var clients = root.derived("clients")
        #expect(network.next() != clients.next())
        // Drawing from one stream does not move another derived later.
        var rootCopy = root
        _ = rootCopy.next()
        var networkAgain = rootCopy.derived("network")
        var networkFresh = root.derived("network")
        #expect(networkAgain.next() == networkFresh.next())
    }

    @Test func belowStaysInBoundsAndCoversIt() {
        var random = RandomStream(seed: 1)
        var seen = Array(repeating: 0, count: 7)
        for _ in 0..<7_000 { seen[Int(random.below(7))] += 1 }
        #expect(seen.allSatisfy { (800...1_200).contains($0) }, "\(seen)")
    }

    @Test func intInClosedRangeIncludesBothEnds() {
        var random = RandomStream(seed: 2)
        let values = Set((0..<2_000).map { _ in random.int(in: Int64(-3)...3) })
        #expect(values == Set(-3...3))
    }

    @Test func chanceIsExactAtTheEnds() {
        var random = RandomStream(seed: 3)
        #expect((0..<1_000).allSatisfy { _ in !random.chance(.zero) })
        #expect((0..<1_000).allSatisfy { _ in random.chance(Probability(perMillion: 1_000_000)) })
        let hits = (0..<100_000).filter { _ in random.chance(Probability(perMillion: 250_000)) }.count
        #expect((24_000...26_000).contains(hits))
    }

    @Test func shuffleIsAPermutation() {
        var random = RandomStream(seed: 4)
        var items = Array(0..<50)
        random.shuffle(&items)
        #expect(items != Array(0..<50))
        #expect(items.sorted() == Array(0..<50))
    }
}
