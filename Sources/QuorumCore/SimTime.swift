/// An instant of virtual time, in microseconds since the start of a run.
///
/// The simulator alone advances it; protocol code only ever sees durations it asked for.
public struct SimTime: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var micros: Int64

    public init(micros: Int64) { self.micros = micros }

    public static let zero = SimTime(micros: 0)

    public static func millis(_ value: Int64) -> SimTime { SimTime(micros: value * 1_000) }
    public static func seconds(_ value: Int64) -> SimTime { SimTime(micros: value * 1_000_000) }

    public static func < (lhs: SimTime, rhs: SimTime) -> Bool { lhs.micros < rhs.micros }

    public func adding(micros delta: Int64) -> SimTime { SimTime(micros: micros + delta) }

    /// Exact seconds with six decimals, e.g. `12.000350s`; used in traces so that nothing is rounded away.
    public var description: String {
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let fraction = String(magnitude % 1_000_000)
        return sign + String(magnitude / 1_000_000) + "."
            + String(repeating: "0", count: 6 - fraction.count) + fraction + "s"
    }

    /// Milliseconds with three decimals, e.g. `12.350s` -> "12.350s"; for headers and summaries.
    public var shortDescription: String {
        let millis = micros / 1_000
        let fraction = String(millis % 1_000)
        return String(millis / 1_000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "s"
    }
}
