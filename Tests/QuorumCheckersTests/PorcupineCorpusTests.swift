import Foundation
import QuorumCheckers
import QuorumCore
import Testing

/// The 109 real histories of ../shared/corpus/porcupine, each with Porcupine's verdict. A fresh
/// clone has no ../shared: these tests are then skipped with a message naming what is missing,
/// except in CI (CI=true), where the corpus must be there and its absence fails.
@Suite("Porcupine corpus")
struct PorcupineCorpusTests {
    /// `shared/` beside the repository (as in CI), or QUORUM_CORPUS.
    static let corpus = ProcessInfo.processInfo.environment["QUORUM_CORPUS"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/porcupine")

    static let isPresent = FileManager.default.fileExists(atPath: corpus.appendingPathComponent("expected.tsv").path)
    static let runs = isPresent || ProcessInfo.processInfo.environment["CI"] == "true"
    static let missing = Comment(rawValue: "skipped: the Porcupine corpus is missing (no \(corpus.path)/expected.tsv; put shared/ beside the repository or set QUORUM_CORPUS)")

    static let expected: [(path: String, operations: Int, linearizable: Bool)] = {
        guard let text = try? String(contentsOf: corpus.appendingPathComponent("expected.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t")
            return (String(fields[0]), Int(fields[1])!, fields[2] == "Ok")
        }
    }()

    @Test(.enabled(if: PorcupineCorpusTests.runs, PorcupineCorpusTests.missing))
    func corpusIsPresent() {
        #expect(PorcupineCorpusTests.expected.count == 109, "\(PorcupineCorpusTests.corpus.path)")
    }

    @Test(.enabled(if: PorcupineCorpusTests.runs, PorcupineCorpusTests.missing), arguments: PorcupineCorpusTests.expected.map(\.path))
    func verdictMatchesPorcupine(path: String) throws {
        let entry = try #require(PorcupineCorpusTests.expected.first { $0.path == path })
        let text = try String(contentsOf: PorcupineCorpusTests.corpus.appendingPathComponent(path), encoding: .utf8)
        let format = try #require(HistoryFormat.detect(text))
        let operations = try format.parse(text, source: path)
        #expect(operations.count == entry.operations)
        let result = LinearizabilityChecker(model: format.model, timeoutSeconds: 60).check(operations)
        #expect(result.verdict == (entry.linearizable ? .linearizable : .notLinearizable), "\(path)")
        if !entry.linearizable {
            let counterexample = try #require(result.counterexample)
            #expect(!counterexample.stuck.isEmpty)
        }
    }

    /// Not linearizable, and too big for the default sequential-consistency budget, which gives up in
    /// about 100 ms (issue 13 asks for a definite answer on at least 105 of the 109 files): 106 are
    /// decided. etcd_043 needs 42,589 steps; `etcd043IsDecidedWithALargerBudget` shows it decided.
    static let undecidedSequentially: Set<String> = ["kv/c10-bad.txt", "kv/c50-bad.txt", "jepsen/etcd_043.log"]

    @Test(.enabled(if: PorcupineCorpusTests.runs, PorcupineCorpusTests.missing))
    func etcd043IsDecidedWithALargerBudget() throws {
        let path = "jepsen/etcd_043.log"
        let text = try String(contentsOf: PorcupineCorpusTests.corpus.appendingPathComponent(path), encoding: .utf8)
        let format = try #require(HistoryFormat.detect(text))
        let operations = try format.parse(text, source: path)
        #expect(SequentialConsistencyChecker(model: format.model).check(operations, knownLinearizable: false) == .unknown)
        let generous = SequentialConsistencyChecker(model: format.model, budget: SearchBudget(steps: 100_000))
        #expect(generous.check(operations, knownLinearizable: false) == .linearizable)
    }

    // Sequential consistency within the default budget (a count of steps, so the same everywhere):
    // every corpus file but the two named above gets a definite answer. Linearizable files are
    // sequentially consistent; the non-linearizable etcd histories all are too (the search finds an
    // order), and kv/c01-bad, a single client whose own order is illegal, is not.
    @Test(.enabled(if: PorcupineCorpusTests.runs, PorcupineCorpusTests.missing),
          arguments: PorcupineCorpusTests.expected.filter { !$0.linearizable && !PorcupineCorpusTests.undecidedSequentially.contains($0.path) }.map(\.path))
    func sequentialConsistencyIsDecided(path: String) throws {
        let text = try String(contentsOf: PorcupineCorpusTests.corpus.appendingPathComponent(path), encoding: .utf8)
        let format = try #require(HistoryFormat.detect(text))
        let operations = try format.parse(text, source: path)
        let verdict = SequentialConsistencyChecker(model: format.model).check(operations, knownLinearizable: false)
        #expect(verdict == (path == "kv/c01-bad.txt" ? .notLinearizable : .linearizable), "\(path)")
    }
}

/// Windows line ends and a byte order mark: every corpus history read from CRLF (with a leading
/// BOM) gives the same operations and the same verdict as read from LF. Before the shared line
/// split, a CRLF history was one line, and the not-linearizable ones were "linearizable (1 operations)".
@Suite("Porcupine corpus with CRLF line ends")
struct PorcupineCorpusLineEndTests {
    @Test(.enabled(if: PorcupineCorpusTests.runs, PorcupineCorpusTests.missing), arguments: PorcupineCorpusTests.expected.map(\.path))
    func crlfAndBOMGiveTheSameVerdict(path: String) throws {
        let entry = try #require(PorcupineCorpusTests.expected.first { $0.path == path })
        let text = try String(contentsOf: PorcupineCorpusTests.corpus.appendingPathComponent(path), encoding: .utf8)
        let windows = "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")
        let format = try #require(HistoryFormat.detect(windows))
        #expect(format == HistoryFormat.detect(text))
        let operations = try format.parse(windows, source: path)
        #expect(operations == (try format.parse(text, source: path)))
        #expect(operations.count == entry.operations)
        let result = LinearizabilityChecker(model: format.model, timeoutSeconds: 60).check(operations)
        #expect(result.verdict == (entry.linearizable ? .linearizable : .notLinearizable), "\(path)")
    }
}
