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
