/// A parsed scenario script: timed actions for a run.
public struct Scenario: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public let action: ClusterAction
        /// When it first happens.
        public let at: SimTime
        /// For `every` lines: the period, and when to stop (nil: the end of the run).
        public let period: Int64?
        public let until: SimTime?
        /// 1-based line in the script, for messages.
        public let line: Int
    }

    public let source: String
    public let steps: [Step]
    /// A lesson's title, topic and run line (all nil in a plain script).
    public var lesson = LessonHeader()
    /// A lesson's cues in time order (ties in line order): chapters, pauses, predictions, expects.
    public var cues: [LessonCue] = []

    public init(source: String, steps: [Step]) {
        self.source = source
        self.steps = steps
    }

    public static let empty = Scenario(source: "(none)", steps: [])

    /// Every (time, action) the script produces up to `end`, in time order (ties in script order).
    /// For tests and small scripts: it holds every repetition of an `every` line.
    public func timeline(until end: SimTime) -> [(time: SimTime, action: ClusterAction)] {
        var timeline: [(time: SimTime, action: ClusterAction, order: Int)] = []
        for (order, step) in steps.enumerated() {
            guard let period = step.period else {
                if step.at <= end { timeline.append((step.at, step.action, order)) }
                continue
            }
            let stop = min(step.until ?? end, end)
            var time = step.at
            while time <= stop {
                timeline.append((time, step.action, order))
                time = time.adding(micros: period)
            }
        }
        return timeline
            .sorted { $0.time != $1.time ? $0.time < $1.time : $0.order < $1.order }
            .map { ($0.time, $0.action) }
    }

    /// Queues the script on a simulator up to `end`: each step's next occurrence only, so an
    /// `every 1us` line costs one queue entry, in the order `timeline(until:)` gives.
    public func schedule<Node>(on simulator: Simulator<Node>, until end: SimTime) {
        simulator.scheduleScript(steps, until: end)
    }

    /// The time of the last one-shot step, so a run can last at least that long.
    public var lastOneShotTime: SimTime {
        steps.filter { $0.period == nil }.map(\.at).max() ?? .zero
    }
}
