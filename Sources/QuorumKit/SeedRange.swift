import QuorumCore

/// `--seeds 1..1000` or `--seeds 17`.
struct SeedRange {
    let first: UInt64
    let last: UInt64

    init(parsing text: String) throws(InputError) {
        let bounds = text.split(separator: "..", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count), let first = UInt64(bounds[0]), let last = UInt64(bounds[bounds.count - 1]) else {
            throw InputError(source: "--seeds", message: "'\(text)' is not a seed range (write 1..1000 or 17)")
        }
        guard first <= last else {
            throw InputError(source: "--seeds", message: "\(text) starts above where it ends")
        }
        // The seeds are listed before the sweep starts: 2^64 of them would not fit in memory.
        guard last - first < SeedRange.maxCount else {
            throw InputError(source: "--seeds", message: "\(text) holds more than \(SeedRange.maxCount) seeds")
        }
        self.first = first
        self.last = last
    }

    static let maxCount: UInt64 = 100_000_000

    var seeds: [UInt64] { Array(first...last) }
}
