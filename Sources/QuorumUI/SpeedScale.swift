import Foundation

/// Simulation speed on a log scale from 1/1000 to 100 times real time (at 1x, one simulated
/// millisecond passes per wall-clock millisecond).
public enum SpeedScale {
    /// (numerator, denominator) pairs, slowest first.
    public static let steps: [(numerator: Int64, denominator: Int64)] = [
        (1, 1000), (1, 500), (1, 200), (1, 100), (1, 50), (1, 20), (1, 10), (1, 5), (1, 2),
        (1, 1), (2, 1), (5, 1), (10, 1), (20, 1), (50, 1), (100, 1),
    ]

    /// 1/20: a 25 ms message takes half a second to cross the screen, an election a few seconds.
    public static let defaultIndex = 5

    public static func label(_ index: Int) -> String {
        let step = steps[index]
        if step.denominator == 1 { return "\(step.numerator)x" }
        return "1/\(step.denominator)x"
    }

    /// The simulated time `wallMicros` of wall time stands for at speed `index`; the part too small
    /// to count carries over in `remainder`, so slow speeds still move.
    public static func simulatedMicros(wall wallMicros: Int64, speedIndex index: Int, remainder: inout Int64) -> Int64 {
        let step = steps[index]
        let scaled = max(0, wallMicros) * step.numerator + remainder
        remainder = scaled % step.denominator
        return scaled / step.denominator
    }

    /// The index whose speed is nearest to the given factor (for `--speed`).
    public static func index(nearest factor: Double) -> Int {
        var best = defaultIndex
        var bestDistance = Double.infinity
        for (index, step) in steps.enumerated() {
            let distance = abs(log(Double(step.numerator) / Double(step.denominator)) - log(factor))
            if distance < bestDistance {
                bestDistance = distance
                best = index
            }
        }
        return best
    }
}

/// The speed a live run actually reaches: simulated time over wall time in the last second. A
/// large cluster at 100x may reach a quarter of that (each frame runs at most so many events, and
/// the machine may be slower still); the header then shows what it reaches, not what was asked.
public struct SpeedMeter {
    /// (wall, simulated) microseconds at recent frames, oldest first, spanning about `window`.
    private var samples: [(wall: Int64, simulated: Int64)] = []
    private var speedIndex = -1
    static let windowMicros: Int64 = 1_000_000
    /// Reached below this share of the speed asked for: shown.
    static let shortfall = 0.9

    public init() {}

    /// Notes where a running simulation is at a frame.
    public mutating func note(wallMicros: Int64, simulatedMicros: Int64, speedIndex: Int) {
        if speedIndex != self.speedIndex { reset() }
        self.speedIndex = speedIndex
        samples.append((wallMicros, simulatedMicros))
        while samples.count > 2, wallMicros - samples[1].wall >= SpeedMeter.windowMicros { samples.removeFirst() }
    }

    /// Forgets the samples (paused, or time jumped).
    public mutating func reset() { samples.removeAll(keepingCapacity: true) }

    /// Simulated per wall time over the window, once it spans at least half a second.
    public var reached: Double? {
        guard let first = samples.first, let last = samples.last, last.wall - first.wall >= SpeedMeter.windowMicros / 2 else { return nil }
        return Double(last.simulated - first.simulated) / Double(last.wall - first.wall)
    }

    /// `100x`, or `24.6x of 100x` when the run falls short of the speed asked for.
    public func label(speedIndex: Int) -> String {
        let asked = SpeedScale.label(speedIndex)
        let step = SpeedScale.steps[speedIndex]
        guard speedIndex == self.speedIndex, let reached,
              reached < SpeedMeter.shortfall * Double(step.numerator) / Double(step.denominator) else { return asked }
        return "\(SpeedMeter.format(reached)) of \(asked)"
    }

    /// `24.6x`, `0.4x`, `1/37x`.
    static func format(_ factor: Double) -> String {
        if factor >= 10 { return "\((factor * 10).rounded() / 10)x".replacingOccurrences(of: ".0x", with: "x") }
        if factor >= 0.1 { return "\((factor * 10).rounded() / 10)x" }
        return "1/\(Int((1 / max(factor, 1e-6)).rounded()))x"
    }
}
