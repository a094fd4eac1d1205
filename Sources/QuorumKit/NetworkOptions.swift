import ArgumentParser
import QuorumCore

/// Network options shared by `run` and `sweep`.
struct NetworkOptions: ParsableArguments {
    @Option(help: ArgumentHelp("One-way message latency, drawn uniformly from a range.", valueName: "min..max"))
    var latency: String = "5ms..25ms"

    @Option(help: ArgumentHelp("Chance that a message between nodes is lost (0.05 or 5%).", valueName: "p"))
    var loss: String?

    @Option(help: ArgumentHelp("Chance that a message is delivered twice.", valueName: "p"))
    var duplicate: String?

    @Option(help: ArgumentHelp("Chance that a message is held back so later ones overtake it.", valueName: "p"))
    var reorder: String?

    /// The settings, or an InputError naming the option.
    func settings(defaultLoss: String = "0", defaultDuplicate: String = "0", defaultReorder: String = "0") throws(InputError) -> NetworkSettings {
        guard let range = DurationParsing.range(Substring(latency)) else {
            throw InputError(source: "--latency", message: DurationParsing.rangeProblem(Substring(latency))
                ?? "'\(latency)' is not a latency range (write 5ms..25ms)")
        }
        guard range.min <= range.max else {
            throw InputError(source: "--latency", message: "\(latency) has its minimum above its maximum")
        }
        return NetworkSettings(
            latencyMinMicros: range.min, latencyMaxMicros: range.max,
            loss: try probability("--loss", loss ?? defaultLoss),
            duplication: try probability("--duplicate", duplicate ?? defaultDuplicate),
            reordering: try probability("--reorder", reorder ?? defaultReorder))
    }

    private func probability(_ option: String, _ text: String) throws(InputError) -> Probability {
        guard let value = Probability(parsing: Substring(text)) else {
            throw InputError(source: option, message: "'\(text)' is not a probability between 0 and 1 (write 0.05 or 5%)")
        }
        return value
    }

    /// The options as they would be typed, for reproduce commands (only those that differ from default).
    func commandLine(defaults: (loss: String, duplicate: String, reorder: String) = ("0", "0", "0")) -> String {
        var words: [String] = []
        if latency != "5ms..25ms" { words.append("--latency \(latency)") }
        if let loss, loss != defaults.loss { words.append("--loss \(loss)") }
        if let duplicate, duplicate != defaults.duplicate { words.append("--duplicate \(duplicate)") }
        if let reorder, reorder != defaults.reorder { words.append("--reorder \(reorder)") }
        return words.joined(separator: " ")
    }
}

/// `--duration 30s` and friends.
func parseDuration(_ option: String, _ text: String, allowZero: Bool = false) throws(InputError) -> SimTime {
    guard let micros = DurationParsing.micros(Substring(text)), micros > 0 || (allowZero && micros == 0) else {
        if let problem = DurationParsing.problem(Substring(text)) { throw InputError(source: option, message: problem) }
        let kind = allowZero ? "duration" : "positive duration"
        throw InputError(source: option, message: "'\(text)' is not a \(kind) (write 30s, 1500ms or 2m)")
    }
    return SimTime(micros: micros)
}

func validateNodeCount(_ count: Int) throws(InputError) {
    guard (1...64).contains(count) else {
        throw InputError(source: "--nodes", message: "\(count) is not a cluster size; use 1 to 64 nodes")
    }
}
