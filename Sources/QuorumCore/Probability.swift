/// A probability held exactly as parts per million, so that no floating point reaches a decision.
public struct Probability: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let perMillion: Int

    public init(perMillion: Int) {
        precondition((0...1_000_000).contains(perMillion), "a probability lies in 0...1")
        self.perMillion = perMillion
    }

    public static let zero = Probability(perMillion: 0)

    public static func < (lhs: Probability, rhs: Probability) -> Bool { lhs.perMillion < rhs.perMillion }

    /// Parses `0.05`, `5%` or `0` exactly (decimal digits only, no floating point).
    public init?(parsing text: Substring) {
        let isPercent = text.hasSuffix("%")
        let number = isPercent ? text.dropLast() : text
        guard let millionths = DecimalParsing.scaled(number, by: isPercent ? 10_000 : 1_000_000),
              (0...1_000_000).contains(millionths) else { return nil }
        self.perMillion = Int(millionths)
    }

    /// `5%`, `0.5%`, `12.25%`.
    public var description: String {
        let hundredths = perMillion / 100
        let whole = hundredths / 100
        let fraction = hundredths % 100
        if fraction == 0 { return "\(whole)%" }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)%" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}
