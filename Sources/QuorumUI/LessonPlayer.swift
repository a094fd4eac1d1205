import QuorumCheckers
import QuorumCore

/// Plays a lesson's cues on a live run: chapters, pauses, pace, focus, predictions and expects.
/// It never changes the cluster; it only decides how far the run may go before the next cue, and
/// what the caption band shows. A caption stays up for its reading time: the run waits before
/// the next caption rather than replace one nobody could finish reading.
public struct LessonPlayer: Sendable {
    public let title: String?
    public let cues: [LessonCue]
    /// (time, name) of each chapter, in order.
    public let chapters: [(at: SimTime, name: String)]
    /// When something replaces the caption on screen: each one-shot caption of the script, each
    /// question, reveal and pause. The run waits before them while the caption needs reading.
    let captionTimes: [SimTime]
    private(set) var nextCue = 0
    /// Reveals waiting for their moment: (time, prediction, the choice made).
    private(set) var reveals: [(at: SimTime, prediction: LessonPrediction, chosen: Int?)] = []
    /// The question on screen, waiting for the class's answer.
    public private(set) var question: LessonPrediction?
    public private(set) var chapterIndex: Int?
    /// The lesson caption on screen, and when (wall µs) it went up.
    public private(set) var caption: String?
    private var captionShownAtMicros: Int64 = 0
    /// A reveal or the latest expect's result, on the band until the next caption.
    public private(set) var note: LessonNote?
    /// A reveal is on screen: expects judged meanwhile do not cover it.
    private var revealShowing = false
    /// Panels `show` asked for.
    public private(set) var shown: [String] = []

    public init(_ scenario: Scenario) {
        title = scenario.lesson.title
        cues = scenario.cues
        chapters = scenario.cues.compactMap { cue in
            if case .chapter(let name) = cue.kind { return (cue.at, name) }
            return nil
        }
        let says = scenario.steps.filter { step in
            if step.period == nil, case .say = step.action { return true }
            return false
        }.map(\.at)
        let stops = scenario.cues.flatMap { cue -> [SimTime] in
            switch cue.kind {
            case .predict(let prediction): return [cue.at, prediction.revealAt]
            case .pause: return [cue.at]
            default: return []
            }
        }
        captionTimes = Array(Set(says + stops)).sorted()
    }

    /// Seconds a caption needs on screen: about 200 words a minute, at least 3 s.
    public static func readingMicros(_ text: String) -> Int64 {
        let words = text.split(separator: " ").count
        return max(3_000_000, Int64(words) * 300_000)
    }

    var isWaitingForAnswer: Bool { question != nil }

    /// A caption of the script appeared.
    mutating func noteCaption(_ text: String, wallMicros: Int64) {
        caption = DisplayWidth.sanitize(text)
        captionShownAtMicros = wallMicros
        note = nil
        revealShowing = false
    }

    /// How far simulated time may go now: up to the next cue (it fires there), and short of the
    /// next caption while the one on screen still needs reading (else short of the one after it,
    /// which must wait for the next one's reading time in turn).
    func limit(after now: SimTime, wallMicros: Int64) -> SimTime? {
        var limit = [nextCueTime, reveals.map(\.at).min()].compactMap { $0 }.min()
        let reading = caption.map { wallMicros - captionShownAtMicros < Self.readingMicros($0) } ?? false
        let upcoming = captionTimes.drop { $0 <= now }.prefix(2)
        if let next = reading ? upcoming.first : upcoming.dropFirst().first {
            let before = SimTime(micros: next.micros - 1)
            limit = min(limit ?? before, before)
        }
        return limit
    }

    private var nextCueTime: SimTime? { nextCue < cues.count ? cues[nextCue].at : nil }

    /// Runs every cue and reveal due at `simulator.now` (once every event up to it has run).
    mutating func fire<Node: SimulatedNode & NodeDescribing>(_ simulator: Simulator<Node>, state: inout UIState, wallMicros: Int64) {
        let now = simulator.now
        guard simulator.nextEventTime.map({ $0 > now }) ?? true else { return }
        while let index = reveals.firstIndex(where: { $0.at <= now }) {
            let reveal = reveals.remove(at: index)
            showReveal(reveal.prediction, chosen: reveal.chosen, simulator: simulator)
            captionShownAtMicros = wallMicros
            revealShowing = true
            state.paused = true
        }
        while nextCue < cues.count, cues[nextCue].at <= now, question == nil {
            let cue = cues[nextCue]
            nextCue += 1
            apply(cue, simulator: simulator, state: &state)
        }
    }

    private mutating func apply<Node: SimulatedNode & NodeDescribing>(_ cue: LessonCue, simulator: Simulator<Node>, state: inout UIState) {
        switch cue.kind {
        case .chapter:
            chapterIndex = chapters.lastIndex { $0.at <= cue.at }
        case .pause: state.paused = true
        case .speed(let factor): state.speedIndex = SpeedScale.index(nearest: factor)
        case .focus(let node): if node.index < simulator.nodeCount { state.selected = node }
        case .show(let panel):
            if panel == "messages" { state.showMessageEvents = true }
            note(shown: panel)
            if ["diagram", "events", "logs"].contains(panel) { state.showsDiagram = showsDiagram }
        case .predict(let prediction):
            question = prediction
            state.paused = true
        case .expect(let condition):
            let verdict = LessonJudge.judge(condition, in: simulator)
            guard !revealShowing || !verdict.holds else { return }
            note = verdict.holds ? LessonNote("✓ \(condition.text)", good: true) : LessonNote("✗ expected \(condition.text), but \(verdict.shown)", good: false)
        }
    }

    /// `shown` keeps each panel once, the latest `show` last (`show logs` after `show keys`
    /// gives the logs area back to the logs).
    private mutating func note(shown panel: String) {
        shown.removeAll { $0 == panel }
        shown.append(panel)
    }

    /// The space-time diagram takes the log strips' and event log's place: `show diagram` came after
    /// any `show events` or `show logs`, which give those panels back.
    public var showsDiagram: Bool { shown.last { ["diagram", "events", "logs"].contains($0) } == "diagram" }

    /// The class chose `index` (0-based): the run goes on to the reveal.
    mutating func answer(_ index: Int, state: inout UIState) -> Bool {
        guard let question, index < question.choices.count else { return false }
        reveals.append((question.revealAt, question, index))
        self.question = nil
        note = LessonNote("You chose \(question.choices[index]); the run goes on to \(question.revealAt.shortDescription)", good: true)
        state.paused = false
        return true
    }

    private mutating func showReveal<Node: SimulatedNode & NodeDescribing>(_ prediction: LessonPrediction, chosen: Int?, simulator: Simulator<Node>) {
        let right = LessonPlayer.rightChoices(prediction, simulator: simulator)
        let answer = right.isEmpty ? "none of the choices happened" : right.map { prediction.choices[$0] }.joined(separator: ", ")
        let verdict: String
        if let chosen { verdict = right.contains(chosen) ? "Right: \(answer)." : "Not this time: \(answer)." } else { verdict = "Answer: \(answer)." }
        caption = "\(verdict) \(DisplayWidth.sanitize(prediction.reveal))"
        note = LessonNote("press space to continue", good: chosen.map { right.contains($0) } ?? true)
    }

    /// The choices the simulation made true: with `?`, each choice whose condition holds; without,
    /// the stated answer when its condition holds.
    public static func rightChoices<Node: SimulatedNode & NodeDescribing>(_ prediction: LessonPrediction, simulator: Simulator<Node>) -> [Int] {
        guard prediction.judgesEachChoice else {
            return LessonJudge.judge(prediction.conditions[prediction.answerIndex], in: simulator).holds ? [prediction.answerIndex] : []
        }
        return prediction.conditions.indices.filter { LessonJudge.judge(prediction.conditions[$0], in: simulator).holds }
    }

    /// Where the run starts over for a chapter: cues before it are passed over (no pauses, no
    /// questions); the chapter's own fire when the run reaches it.
    mutating func restart(atChapter index: Int) {
        let at = chapters[index].at
        nextCue = cues.firstIndex { $0.at >= at } ?? cues.count
        // The panels are those the cues before the chapter asked for, as if the lesson had played to it.
        shown = []
        for cue in cues[..<nextCue] { if case .show(let panel) = cue.kind { note(shown: panel) } }
        reveals.removeAll()
        question = nil
        caption = nil
        note = nil
        revealShowing = false
        chapterIndex = index
    }

    /// After the run was brought up to a chapter: the caption the fast pass left is no news, so
    /// the chapter does not wait for anyone to read it.
    mutating func settleAfterJump() {
        caption = nil
        note = nil
    }

    /// The chapter `n` (forward) or `N` goes to from `now`.
    func chapter(forward: Bool, from now: SimTime) -> Int? {
        let current = chapterIndex ?? chapters.lastIndex { $0.at <= now }
        if forward {
            let next = (current ?? -1) + 1
            return next < chapters.count ? next : nil
        }
        // Back: the start of the current chapter, or the previous one when just past its start.
        guard let current else { return nil }
        return now.micros - chapters[current].at.micros < 500_000 && current > 0 ? current - 1 : current
    }

    /// The band's content for a frame.
    func band(status: String?) -> LessonBand {
        let chapterText = chapterIndex.map { "Chapter \($0 + 1)/\(chapters.count) · \(DisplayWidth.sanitize(chapters[$0].name))" }
        if let question {
            let choices = question.choices.enumerated().map { "\($0.offset + 1) \(DisplayWidth.sanitize($0.element))" }.joined(separator: "   ")
            return LessonBand(title: title.map(DisplayWidth.sanitize), chapter: chapterText, text: "PREDICT  \(DisplayWidth.sanitize(question.question))",
                              choices: "\(choices)   · press 1-\(question.choices.count)", note: nil, status: status, isQuestion: true,
                              shown: shown)
        }
        return LessonBand(title: title.map(DisplayWidth.sanitize), chapter: chapterText, text: caption, choices: nil, note: note, status: status,
                          isQuestion: false, shown: shown)
    }
}

/// What the caption band of a lesson shows in one frame.
public struct LessonBand: Sendable, Equatable {
    public var title: String?
    public var chapter: String?
    /// The lesson caption or the question, wrapped to the band's width.
    public var text: String?
    /// A question's choices with their keys.
    public var choices: String?
    /// A reveal's or an expect's result.
    public var note: LessonNote?
    /// The program's own feedback (`n2 became leader in term 1`), beside the chapter: it never
    /// covers the lesson's caption.
    public var status: String?
    public var isQuestion: Bool
    /// Panels the lesson asked for with `show`, the latest last: in the projector layout the vector
    /// clocks panel is drawn only when asked for, and the event log at full height only after
    /// `show events`; the logs area shows the nodes' keys after `show keys` until a `show logs`.
    public var shown: [String]

    /// The logs area shows each node's keys (`show keys` came after any `show logs`).
    public var showsKeys: Bool { shown.last { $0 == "logs" || $0 == "keys" } == "keys" }

    public init(title: String?, chapter: String?, text: String?, choices: String?, note: LessonNote?, status: String?, isQuestion: Bool,
                shown: [String] = []) {
        self.title = title
        self.chapter = chapter
        self.text = text
        self.choices = choices
        self.note = note
        self.status = status
        self.isQuestion = isQuestion
        self.shown = shown
    }
}
