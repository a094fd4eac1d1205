/// Durations as people write them in options and scripts: `2s`, `10.5s`, `300ms`, `250us`, `1m`.
public enum DurationParsing {
    /// The longest duration or time Quorum accepts anywhere (options, scripts, recordings): 10^9 s,
    /// about 31 years of simulated time. Far below 2^63 microseconds, so adding a few of them
    /// (a time plus a latency plus a timeout) can never overflow.
    public static let maxMicros: Int64 = 1_000_000_000_000_000

    /// Microseconds, or nil when the text is not a duration (or is longer than `maxMicros`; see
    /// `problem(_:)` for the message).
    public static func micros(_ text: Substring) -> Int64? {
        guard let value = unbounded(text), value <= maxMicros else { return nil }
        return value
    }

    /// Why `micros` refused a text that reads as a duration: "too long", naming the limit; nil if
    /// the text is not written as a duration at all.
    public static func problem(_ text: Substring) -> String? {
        let digits = text.prefix { $0.isASCIIDigit || $0 == "." }
        let unit = text.dropFirst(digits.count)
        guard !digits.isEmpty, ["ms", "us", "µs", "s", "m"].contains(unit), micros(text) == nil else { return nil }
        return "'\(text)' is too long (at most \(maxMicros / 1_000_000)s)"
    }

    private static func unbounded(_ text: Substring) -> Int64? {
        let units: [(suffix: String, scale: Int64)] = [
            ("ms", 1_000), ("us", 1), ("µs", 1), ("s", 1_000_000), ("m", 60_000_000),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            return DecimalParsing.scaled(text.dropLast(unit.suffix.count), by: unit.scale)
        }
        return nil
    }

    /// A latency range `5ms..25ms` (or one value `10ms`), as microseconds; nil when malformed.
    public static func range(_ text: Substring) -> (min: Int64, max: Int64)? {
        let bounds = text.split(separator: "..", omittingEmptySubsequences: false)
        if bounds.count == 1, let value = micros(text) { return (value, value) }
        guard bounds.count == 2, let low = micros(bounds[0]),
              let high = micros(bounds[1]) else { return nil }
        return (low, high)
    }

    /// Why `range` refused a text: a bound that is too long, or nil (not written as a range).
    public static func rangeProblem(_ text: Substring) -> String? {
        text.split(separator: "..", omittingEmptySubsequences: false).lazy.compactMap(problem).first
    }

    /// The shortest readable form: `300ms`, `2s`, `1.5s`, `250us`.
    public static func describe(micros: Int64) -> String {
        if micros % 1_000_000 == 0 { return "\(micros / 1_000_000)s" }
        if micros % 1_000 == 0 {
            let millis = micros / 1_000
            return millis >= 1_000 ? SimTime(micros: micros).shortDescription : "\(millis)ms"
        }
        return "\(micros)us"
    }
}
