import Foundation
import QuorumCore

/// A deterministic mutation fuzzer: inputs are the seed files changed by a few random edits
/// (bytes flipped, inserted, deleted or duplicated, lines swapped, numbers replaced by extreme
/// ones, tokens that broke parsers before spliced in, two seeds crossed). The same seed gives the
/// same inputs, so a failure reproduces with its input number.
struct Fuzzer {
    /// Inputs per parser: QUORUM_FUZZ_INPUTS, 10,000 by default (the bounded pass CI runs).
    static var inputsPerParser: Int {
        ProcessInfo.processInfo.environment["QUORUM_FUZZ_INPUTS"].flatMap(Int.init) ?? 10_000
    }

    /// No input grows past this, so memory stays bounded however long the pass.
    static let maxInputBytes = 256 << 10

    static let tokens: [String] = [
        "999999999999m", "153722867281m", "-1", "-9223372036854775808", "9223372036854775807", "18446744073709551615", "0", "1us",
        "\r\n", "\r", "\n", "\u{FEFF}", "\u{1B}[2J", "\u{1B}]0;x\u{07}", "\u{9B}", "\u{2028}", "\0", "\t", "n99", "n0", "n1", "every 1us ",
        "at 0s ", "..", "1e308", "1.5", "null", "[]", "{}", "[[]]", "\"\\u0000\"", "\"\\ud800\"", "\\u0041", "#", "|", "->", "\"", "\\",
        "%", ":", ",", "=", "[", "]", "true", "{\"type\": \"state\"}", ":invoke", ":ok", ":info", "{:process 0, :type :invoke, ",
        "INFO  jepsen.util - 0\t:invoke\t:read\tnil", "\"t\":", "\"i\":", "\"op\":", "\"client\":", "\"id\":", "\"step\":",
    ]

    private var random: RandomStream
    private let seeds: [[UInt8]]

    init(seed: UInt64, seeds: [[UInt8]]) {
        precondition(!seeds.isEmpty, "a fuzzer needs seed inputs")
        random = RandomStream(seed: seed)
        self.seeds = seeds
    }

    /// The next input: a seed with one to four edits.
    mutating func next() -> [UInt8] {
        var input = random.pick(seeds)
        for _ in 0..<random.int(in: 1...4) { mutate(&input) }
        if input.count > Self.maxInputBytes { input.removeLast(input.count - Self.maxInputBytes) }
        return input
    }

    private mutating func position(in input: [UInt8]) -> Int { random.int(in: 0...input.count) }

    private mutating func mutate(_ input: inout [UInt8]) {
        switch random.int(in: 0...8) {
        case 0 where !input.isEmpty:  // one byte changed
            input[random.int(in: 0...(input.count - 1))] = UInt8(truncatingIfNeeded: random.next())
        case 1:  // a byte inserted
            input.insert(UInt8(truncatingIfNeeded: random.next()), at: position(in: input))
        case 2 where !input.isEmpty:  // a range deleted
            let start = random.int(in: 0...(input.count - 1))
            input.removeSubrange(start..<min(input.count, start + random.int(in: 1...64)))
        case 3 where !input.isEmpty:  // a range duplicated
            let start = random.int(in: 0...(input.count - 1))
            let range = start..<min(input.count, start + random.int(in: 1...256))
            input.insert(contentsOf: input[range], at: position(in: input))
        case 4:  // a token spliced in
            input.insert(contentsOf: Array(random.pick(Self.tokens).utf8), at: position(in: input))
        case 5:  // a number replaced by an extreme one
            replaceNumber(&input)
        case 6:  // two lines swapped, or one dropped
            editLines(&input)
        case 7:  // crossed with another seed
            let other = random.pick(seeds)
            let cut = position(in: input)
            let otherCut = random.int(in: 0...other.count)
            input = Array(input[..<cut]) + Array(other[otherCut...])
        default:  // the end cut off, as a crash leaves a file
            input.removeLast(random.int(in: 0...min(input.count, 40)))
        }
    }

    private mutating func replaceNumber(_ input: inout [UInt8]) {
        let digits = input.indices.filter { (0x30...0x39).contains(input[$0]) }
        guard !digits.isEmpty else { return }
        var start = random.pick(digits)
        while start > 0, (0x30...0x39).contains(input[start - 1]) { start -= 1 }
        var end = start
        while end < input.count, (0x30...0x39).contains(input[end]) { end += 1 }
        let replacements = ["0", "-1", "9223372036854775807", "9223372036854775808", "18446744073709551615", "999999999999", "1000000000000001", "3"]
        input.replaceSubrange(start..<end, with: Array(random.pick(replacements).utf8))
    }

    private mutating func editLines(_ input: inout [UInt8]) {
        var lines = input.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count > 1 else { return }
        let first = random.int(in: 0...(lines.count - 1))
        let second = random.int(in: 0...(lines.count - 1))
        if random.int(in: 0...1) == 0 { lines.swapAt(first, second) } else { lines.remove(at: first) }
        input = Array(lines.joined(separator: [0x0A]))
    }
}
