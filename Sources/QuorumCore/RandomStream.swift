/// Quorum's own pseudo-random generator: xoshiro256** (Blackman & Vigna, 2018), seeded through
/// SplitMix64 (Steele, Lea & Flood, 2014).
///
/// Both algorithms are pure 64-bit integer arithmetic, so a seed gives the same numbers on every
/// platform and Swift version. Swift's `SystemRandomNumberGenerator` and `Hasher` are never used for
/// anything that reaches a result.
///
/// Every consumer takes a stream derived by label (`derived("network")`), so adding a random draw in
/// one place does not shift the numbers another consumer sees.
public struct RandomStream: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The seed this stream was created from; derivation starts from it, not from the current state.
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// A new independent stream, named by a label and an optional number (node index, incarnation).
    public func derived(_ label: String, _ number: UInt64 = 0) -> RandomStream {
        var mixer = SplitMix64(state: (seed ^ StableHash.fnv1a(label)) &+ (number &* 0x9E37_79B9_7F4A_7C15))
        return RandomStream(seed: mixer.next())
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` by Lemire's multiply-and-reject method (no modulo bias).
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "below(0) has no values")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform integer in a closed range.
    public mutating func int(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }  // the whole Int64 range
        return range.lowerBound &+ Int64(bitPattern: below(span))
    }

    public mutating func int(in range: ClosedRange<Int>) -> Int {
        Int(int(in: Int64(range.lowerBound)...Int64(range.upperBound)))
    }

    /// True with the given probability, expressed exactly in parts per million.
    public mutating func chance(_ probability: Probability) -> Bool {
        probability.perMillion > 0 && below(1_000_000) < UInt64(probability.perMillion)
    }

    public mutating func pick<T>(_ items: [T]) -> T {
        items[Int(below(UInt64(items.count)))]
    }

    /// Fisher-Yates shuffle driven by this stream.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, Int(below(UInt64(index + 1))))
        }
    }

    private func rotateLeft(_ value: UInt64, _ amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}

/// SplitMix64, used only to expand a 64-bit seed into xoshiro's 256-bit state.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
