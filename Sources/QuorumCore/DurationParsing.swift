/// Durations as people write them in options and scripts: `2s`, `10.5s`, `300ms`, `250us`, `1m`.
public enum DurationParsing {
    /// Microseconds, or nil when the text is not a duration.
    public static func micros(_ text: Substring) -> Int64? {
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
