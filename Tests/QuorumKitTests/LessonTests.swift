import Foundation
import Testing

/// Lessons cannot lie: every lesson runs headless to its end with every expect and prediction
/// judged against the simulation; a false one names the file, the line and what happened instead.
@Suite("Lessons", .serialized)
struct LessonTests {
    static let root = RecordingTests.root

    /// Every lesson of the shelf, and every scenario that is a lesson (it has a `run` line).
    static let lessonFiles: [String] = {
        let manager = FileManager.default
        return ["lessons", "scenarios"].flatMap { folder -> [String] in
            let directory = root.appendingPathComponent(folder).path
            let names = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
            return names.map { "\(folder)/\($0)" }.filter { path in
                let text = (try? String(contentsOfFile: root.appendingPathComponent(path).path, encoding: .utf8)) ?? ""
                return text.split(separator: "\n").contains { $0.hasPrefix("run ") }
            }
        }
    }()

    @Test func theShelfHasTheLessonsOfTheIssue() {
        #expect(Self.lessonFiles.filter { $0.hasPrefix("lessons/") }.count >= 9)
        for name in ["first-election", "leader-crash", "partition-minority-leader", "log-divergence", "split-vote", "stale-read",
                     "gossip-siblings", "gossip-lww-skew", "gossip-anti-entropy",
                     "paxos-competing-proposer", "paxos-duel", "paxos-backoff", "paxos-leader-change",
                     "pbft-normal-case", "pbft-view-change", "pbft-f-plus-one",
                     "store-quorum", "store-one-stale", "store-skew-lost-update", "store-timeout-lands"] {
            #expect(Self.lessonFiles.contains("scenarios/\(name).txt"), "\(name) is a lesson")
        }
        #expect(Self.lessonFiles.contains("lessons/14-dueling-proposers.txt"), "lesson 14 of the issue")
    }

    /// `read KEY returned V` judges the newest completed read of the key, `op N returned V` the
    /// operation the event log calls opN; either fails saying what was returned.
    @Test func whatAReadReturnedIsJudged() throws {
        let lesson = try QuorumBinary.temporaryFile("read.txt", """
            run raft --clients 0 --duration 3s
            at 0.5s request set x 1
            at 1s request n3 get x
            at 0.9s expect read x returned 1
            at 1.5s expect read x returned 1
            at 1.5s expect read x returned 2
            at 1.5s expect op 0 returned done
            at 1.5s expect op 1 returned 1
            at 1.5s expect op 7 returned 1
            at 1.5s expect read y returned none
            """)
        let output = try QuorumBinary.run(["lesson", lesson, "--headless"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("✗ \(lesson):4 at 0.900s: expect read x returned 1 -- but no read of x has completed"), "\(output.stdout)")
        #expect(output.stdout.contains("✓ \(lesson):5 at 1.500s: expect read x returned 1"))
        #expect(output.stdout.contains("✗ \(lesson):6 at 1.500s: expect read x returned 2 -- but the newest read of x (op1) returned 1"))
        #expect(output.stdout.contains("✓ \(lesson):7 at 1.500s: expect op 0 returned done"))
        #expect(output.stdout.contains("✓ \(lesson):8 at 1.500s: expect op 1 returned 1"))
        #expect(output.stdout.contains("✗ \(lesson):9 at 1.500s: expect op 7 returned 1 -- but there is no op7 yet (2 operations)"))
        #expect(output.stdout.contains("✗ \(lesson):10 at 1.500s: expect read y returned none -- but no read of y has completed"))
        let bad = try QuorumBinary.temporaryFile("badread.txt", "run raft\nat 1s expect op x returned 1\n")
        let refused = try QuorumBinary.run(["lesson", bad, "--headless"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(bad):2:17: 'x' is not an operation's number"), "\(refused.stderr)")
    }

    /// A Paxos node offers per slot what it accepted (ballot and value) and learned, and its ballot's round.
    @Test func paxosNodesOfferTheirSlots() throws {
        let lesson = try QuorumBinary.temporaryFile("slots.txt", """
            run paxos --single --clients 0 --duration 1s
            at 0.1s timeout n1
            at 0.05s expect n1 accepted-1 = none
            at 0.5s expect n1 learned-1 = v(n1)
            at 0.5s expect n2 accepted-ballot-1 = 1.n1
            at 0.5s expect n2 accepted-1 = v(n1)
            at 0.5s expect n1 ballot-round = 1
            at 0.5s expect n3 learned-1 = v(n3)
            """)
        let output = try QuorumBinary.run(["lesson", lesson, "--headless"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("5 of 6 hold") || output.stdout.contains("1 of 6 fail"), "\(output.stdout)")
        #expect(output.stdout.contains("✗ \(lesson):8 at 0.500s: expect n3 learned-1 = v(n3) -- but n3 learned-1 is v(n1)"), "\(output.stdout)")
    }

    @Test(arguments: LessonTests.lessonFiles)
    func everyExpectHolds(path: String) throws {
        let output = try QuorumBinary.run(["lesson", Self.root.appendingPathComponent(path).path, "--headless"])
        let failures = output.stdout.split(separator: "\n").filter { $0.hasPrefix("✗") }
        #expect(output.status == 0 && failures.isEmpty, "\(failures.joined(separator: "\n"))\(output.stderr)")
        #expect(output.stdout.contains("all "))
    }

    /// Each lesson asks at least one question, makes several claims, and lasts 2 to 5 minutes at its pace.
    @Test func lessonsAreShapedForAClass() throws {
        let output = try QuorumBinary.run(["lesson"])
        #expect(output.status == 0)
        for path in Self.lessonFiles {
            let text = try String(contentsOfFile: Self.root.appendingPathComponent(path).path, encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.contains { $0.contains(" predict ") }, "\(path) asks a question")
            #expect(lines.filter { $0.contains(" expect ") }.count >= 3, "\(path) makes several claims")
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            guard let row = output.stdout.split(separator: "\n").first(where: { $0.hasPrefix("  \(name) ") }) else {
                Issue.record("\(name) is not listed:\n\(output.stdout)")
                continue
            }
            let length = row.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            let minutes = Int(length.prefix { $0.isNumber }) ?? -1
            #expect((2...4).contains(minutes) || length == "5m00s", "\(name) lasts \(length)")
        }
    }

    /// A claim the simulation does not make true fails, naming the file, the line and what it showed.
    @Test func aFalseExpectFailsAndSaysWhy() throws {
        let lesson = try QuorumBinary.temporaryFile("false.txt", """
            title "A false claim"
            run raft --clients 0 --duration 2s
            at 1s expect leader n2
            at 1s expect n2 role follower
            at 1s predict "Who leads?" choices n1 n2 answer n1 reveal at 1.5s "n1 does" expect leader ?
            """)
        let output = try QuorumBinary.run(["lesson", lesson, "--headless"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("✓ \(lesson):3 at 1.000s: expect leader n2"))
        #expect(output.stdout.contains("✗ \(lesson):4 at 1.000s: expect n2 role follower -- but n2 role is leader"))
        #expect(output.stdout.contains("✗ \(lesson):5 at 1.500s: predict \"Who leads?\": n1"), "a prediction's answer is judged too")
        #expect(output.stdout.contains("2 of 3 fail"))
    }

    /// A prediction whose condition names the choice (`?`) must single out the stated answer.
    @Test func aPredictionThatDoesNotTellTheChoicesApartFails() throws {
        let lesson = try QuorumBinary.temporaryFile("vague.txt", """
            run raft --clients 0 --duration 2s
            at 1s predict "Which node is up?" choices n1 n2 answer n2 reveal at 1.5s "all are" expect ? status up
            """)
        let output = try QuorumBinary.run(["lesson", lesson, "--headless"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("true for: n1, n2"))
    }

    @Test func badLessonsAreRefusedWithFileLineAndColumn() throws {
        let noRun = try QuorumBinary.temporaryFile("norun.txt", "title \"x\"\nat 1s pause\n")
        var output = try QuorumBinary.run(["lesson", noRun, "--headless"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(noRun):1:1: a lesson needs a 'run' line"))
        let badOption = try QuorumBinary.temporaryFile("badopt.txt", "run raft --bogus\n")
        output = try QuorumBinary.run(["lesson", badOption, "--headless"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(badOption):1:1: run: Unknown option '--bogus'"))
        let badCue = try QuorumBinary.temporaryFile("badcue.txt", "run raft\nat 1s expect n2 role\n")
        output = try QuorumBinary.run(["lesson", badCue, "--headless"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(badCue):2:21: missing a value"))
        output = try QuorumBinary.run(["lesson", "no-such-lesson"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("no such lesson"))
    }

    /// Today's scripts still run as scripts, and a lesson runs as a script too (its cues are ignored).
    @Test func lessonsRunAsScripts() throws {
        let path = Self.root.appendingPathComponent("scenarios/split-vote.txt").path
        let output = try QuorumBinary.run(["run", "raft", "--headless", "--clients", "0", "--duration", "2s", "--script", path])
        #expect(output.status == 0, "\(output.stderr)")
    }

    /// The shipped recordings were made from the lessons as they are now (`quorum lesson
    /// --remake-recordings` re-makes them), so what a replay shows is what the lesson claims.
    @Test func recordingsAreMadeFromTheLessonsAsTheyAre() throws {
        let directory = Self.root.appendingPathComponent("recordings").path
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).filter({ $0.hasSuffix(".jsonl") }) {
            let file = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            let header = try #require(JSONSerialization.jsonObject(with: Data(file.prefix { $0 != "\n" }.utf8)) as? [String: Any])
            guard let script = header["scriptName"] as? String,
                  let text = try? String(contentsOfFile: Self.root.appendingPathComponent(script).path, encoding: .utf8),
                  text.split(separator: "\n").contains(where: { $0.hasPrefix("run ") }) else { continue }  // not a lesson
            #expect(header["script"] as? String == text, "\(name) was recorded from another version of \(script)")
        }
    }
}
