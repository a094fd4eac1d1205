/// A lesson's directive at a moment of the run: what the viewer sees or does, or a claim about the
/// simulation. Cues never change the cluster (the script's actions do), so a lesson's run is the
/// same with and without them: headless, live, recorded and replayed.
public struct LessonCue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A chapter starts here; `n`/`N` jump between chapters.
        case chapter(String)
        /// The run stops until the viewer presses space.
        case pause
        /// The pace from here on, simulated time per wall-clock time (`speed 1/50x` is 0.02).
        case speed(Double)
        /// Selects a node.
        case focus(NodeID)
        /// What the panels show (`messages`, `logs`, `keys`, `clocks`, `diagram`).
        case show(String)
        /// A question for the class, answered at its reveal by a condition on the simulation.
        case predict(LessonPrediction)
        /// A claim about the simulation at this moment.
        case expect(LessonCondition)
    }

    public let kind: Kind
    public let at: SimTime
    /// 1-based line in the file, for messages.
    public let line: Int

    public init(kind: Kind, at: SimTime, line: Int) {
        self.kind = kind
        self.at = at
        self.line = line
    }

    /// The words `show` accepts.
    public static let panels = ["messages", "logs", "keys", "clocks", "diagram", "events"]
}

/// `predict "Which node becomes leader?" choices n1 n3 n5 answer n3 reveal at 0.6s "..." expect ? role leader`:
/// the run pauses on the question; at `revealAt` the condition is judged for each choice (`?` stands
/// for the choice), and the reveal says which was right. A condition without `?` judges the stated
/// answer alone: it must hold.
public struct LessonPrediction: Sendable, Equatable {
    public let question: String
    public let choices: [String]
    public let answer: String
    public let revealAt: SimTime
    public let reveal: String
    /// One condition per choice, in the order of `choices` (all the same when it has no `?`).
    public let conditions: [LessonCondition]
    /// Whether the condition names the choice (`?`), so that it tells the choices apart.
    public let judgesEachChoice: Bool

    public init(question: String, choices: [String], answer: String, revealAt: SimTime, reveal: String,
                conditions: [LessonCondition], judgesEachChoice: Bool) {
        self.question = question
        self.choices = choices
        self.answer = answer
        self.revealAt = revealAt
        self.reveal = reveal
        self.conditions = conditions
        self.judgesEachChoice = judgesEachChoice
    }

    public var answerIndex: Int { choices.firstIndex(of: answer) ?? 0 }
}
