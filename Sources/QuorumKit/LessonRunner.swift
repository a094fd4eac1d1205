import QuorumCheckers
import QuorumCore
import QuorumRecording
import QuorumUI

/// One judged claim of a lesson: an `expect`, or a prediction at its reveal.
struct LessonCheck: Sendable, Equatable {
    let line: Int
    let at: SimTime
    let claim: String
    let holds: Bool
    /// What the simulation showed.
    let shown: String

    /// `✓ line 12 at 2.500s: expect n2 role follower`, or with `✗`, what the simulation showed.
    func line(path: String) -> String {
        let mark = holds ? "✓" : "✗"
        return "\(mark) \(path):\(line) at \(at.shortDescription): \(claim)" + (holds ? "" : " -- but \(shown)")
    }
}

/// Runs a lesson headless to its end, judging each claim at its moment: every event up to that
/// time has run, as in the live UI when the lesson reaches it.
enum LessonRunner {
    static func run<Node: RunnableNode>(_ plan: RunPlan<Node>, recorder: RecordingWriter? = nil) -> [LessonCheck] {
        let simulator = plan.makeSimulator(scriptUntil: plan.duration)
        recorder?.attach(to: simulator)
        defer { recorder?.finish() }
        var claims: [(at: SimTime, line: Int, judge: (Simulator<Node>) -> (String, Bool, String))] = []
        for cue in plan.scenario.cues {
            switch cue.kind {
            case .expect(let condition):
                claims.append((cue.at, cue.line, { simulator in
                    let verdict = LessonJudge.judge(condition, in: simulator)
                    return ("expect \(condition.text)", verdict.holds, verdict.shown)
                }))
            case .predict(let prediction):
                claims.append((prediction.revealAt, cue.line, { simulator in judge(prediction, simulator) }))
            default:
                break
            }
        }
        claims = claims.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        var checks: [LessonCheck] = []
        for claim in claims where claim.at <= plan.duration {
            simulator.run(until: claim.at)
            let (text, holds, shown) = claim.judge(simulator)
            checks.append(LessonCheck(line: claim.line, at: claim.at, claim: text, holds: holds, shown: shown))
        }
        for claim in claims where claim.at > plan.duration {
            checks.append(LessonCheck(line: claim.line, at: claim.at, claim: "a claim after the lesson's end", holds: false,
                                      shown: "the run ends at \(plan.duration.shortDescription)"))
        }
        simulator.run(until: plan.duration)
        return checks
    }

    /// A prediction holds when the simulation makes its answer true (and, when its condition names
    /// each choice with `?`, no other choice).
    static func judge<Node: RunnableNode>(_ prediction: LessonPrediction, _ simulator: Simulator<Node>) -> (String, Bool, String) {
        let claim = "predict \"\(prediction.question)\": \(prediction.answer) (\(prediction.conditions[prediction.answerIndex].text))"
        let right = LessonPlayer.rightChoices(prediction, simulator: simulator)
        let holds = prediction.judgesEachChoice ? right == [prediction.answerIndex] : right.contains(prediction.answerIndex)
        let shown = LessonJudge.judge(prediction.conditions[prediction.answerIndex], in: simulator).shown
            + (prediction.judgesEachChoice ? "; true for: " + (right.isEmpty ? "none" : right.map { prediction.choices[$0] }.joined(separator: ", ")) : "")
        return (claim, holds, shown)
    }
}
