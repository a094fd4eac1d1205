import ArgumentParser
import Foundation
import QuorumCheckers
import QuorumCore
import QuorumRecording
import QuorumUI

/// `quorum check FILE`: is a history linearizable, sequentially consistent, and does it keep the
/// session guarantees?
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a history for linearizability, sequential consistency and session guarantees.",
        discussion: """
        Exit codes: 0 linearizable, 1 not linearizable, 3 unknown (search budget exhausted), 2 bad input. \
        Search budgets are counts of search steps (the same verdict on every machine); --timeout also bounds \
        the whole command's wall-clock time.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case auto
        case recording
        case jepsenEtcd = "jepsen-etcd"
        case porcupineKV = "porcupine-kv"
    }

    enum Model: String, ExpressibleByArgument, CaseIterable {
        case register, kv, counter

        /// The operations the model gives a meaning to.
        func fits(_ input: CheckedOperation.Input) -> Bool {
            switch (self, input) {
            case (_, .read): return true
            case (.register, .write), (.register, .cas), (.register, .incr): return true  // Quorum's store: incr of a number held in a register
            case (.kv, .write), (.kv, .append): return true
            case (.counter, .incr): return true
            default: return false
            }
        }

        var operationNames: String {
            switch self {
            case .register: return "read, write, cas and incr"
            case .kv: return "get, put and append"
            case .counter: return "read and incr"
            }
        }
    }

    @Argument(help: "The history file.")
    var file: String

    @Option(help: "History format.")
    var format: Format = .auto

    @Option(help: "Model (default: the format's own: register for jepsen-etcd and recordings, kv for porcupine-kv).")
    var model: Model?

    @Option(help: ArgumentHelp("Budget of the whole command: the linearizability search gets this much (in search steps at a nominal rate), and the command stops with verdict unknown when this much wall-clock time has passed.", valueName: "time"))
    var timeout: String = "10s"

    @Option(name: .customLong("sc-timeout"), help: ArgumentHelp("Budget of the sequential-consistency search (in search steps at a nominal rate); within --timeout.", valueName: "time"))
    var scTimeout: String = "100ms"

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let (operations, historyFormat) = try load()
        let budget = try parseDuration("--timeout", timeout)
        let sequentialBudget = try parseDuration("--sc-timeout", scTimeout)
        try checkModelFits(operations)
        // One wall-clock deadline for the whole command; each search also has its step budget.
        let deadline = SearchBudget.deadline(secondsFromNow: Double(budget.micros) / 1e6)
        let checkModel = chosenModel(historyFormat)
        let checker = LinearizabilityChecker(model: checkModel, budget: SearchBudget(
            steps: LinearizabilityChecker(timeoutSeconds: Double(budget.micros) / 1e6).budget.steps, deadlineNanos: deadline))
        let started = DispatchTime.now().uptimeNanoseconds
        let result = checker.check(operations)
        let millis = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        let sequential = SequentialConsistencyChecker(model: checkModel, budget: SearchBudget(
            steps: SequentialConsistencyChecker(timeoutSeconds: Double(sequentialBudget.micros) / 1e6).budget.steps, deadlineNanos: deadline))
            .check(operations, knownLinearizable: result.verdict == .linearizable)
        print(result, millis: millis, sequential: sequential,
              sessions: SessionGuarantees.check(operations, linearizable: result.verdict == .linearizable))
        switch result.verdict {
        case .linearizable: return
        case .notLinearizable: throw ExitCode(1)
        case .unknown: throw ExitCode(3)
        }
    }

    func load() throws(InputError) -> ([CheckedOperation], HistoryFormat?) {
        // A recording is streamed; other histories are read whole, up to TextFile.historyLimitBytes.
        var isRecording = format == .recording
        if format == .auto { isRecording = try Recording.isRecording(file, kind: "history") }
        if isRecording {
            let recording = try Recording.read(file)
            for warning in recording.warnings { Console.error("quorum: warning: \(DisplayWidth.sanitize(warning))") }
            return (HistoryAdapter.operations(from: try recording.clientHistory(path: file)), nil)
        }
        let text = try TextFile.read(file, kind: "history", limitBytes: TextFile.historyLimitBytes)
        let historyFormat: HistoryFormat
        switch format {
        case .jepsenEtcd: historyFormat = .jepsenEtcd
        case .porcupineKV: historyFormat = .porcupineKV
        case .auto, .recording:
            guard let detected = HistoryFormat.detect(text) else {
                throw InputError(source: file, line: 1, message: "unrecognised history format (use --format jepsen-etcd or porcupine-kv)")
            }
            historyFormat = detected
        }
        return (try historyFormat.parse(text, source: file), historyFormat)
    }

    /// A model that gives no meaning to an operation of the file is bad input: the first such
    /// operation is named (its line in a corpus history, its time and client in a recording).
    func checkModelFits(_ operations: [CheckedOperation]) throws(InputError) {
        guard let model, let misfit = operations.sorted(by: { ($0.call, $0.id) < ($1.call, $1.id) }).first(where: { !model.fits($0.input) }) else { return }
        let message = "model \(model.rawValue) (\(model.operationNames)) does not fit operation '\(DisplayWidth.sanitize(misfit.summary))'"
        if misfit.dialect == .quorum {
            throw InputError(source: file, message: message + " invoked at \(SimTime(micros: misfit.call).shortDescription)")
        }
        throw InputError(source: file, line: Int(misfit.call) + 1, message: message)
    }

    func chosenModel(_ historyFormat: HistoryFormat?) -> KeyValueModel {
        switch model {
        case .none: return historyFormat?.model ?? .register
        case .register, .counter: return .register
        case .kv: return historyFormat == .some(.porcupineKV) ? .emptyString : .register
        }
    }

    private func print(_ result: LinearizabilityResult, millis: Double, sequential: Verdict, sessions: SessionGuarantees?) {
        let counterexample = result.counterexample.map { $0.description.split(separator: "\n").map { DisplayWidth.sanitize(String($0)) } }
        if json {
            var object = JSONObject()
            object.add("file", file)
            object.add("verdict", result.verdict.rawValue)
            object.add("operations", result.operations)
            object.add("millis", (millis * 1000).rounded() / 1000)
            object.add("sequentiallyConsistent", raw: JSONVerdict.boolean(sequential))
            for (key, holds) in SessionGuaranteeNames.pairs(sessions) { object.add(key, raw: holds.map { $0 ? "true" : "false" } ?? "null") }
            if let counterexample { object.add("counterexample", counterexample) }
            Console.out(object.text)
            return
        }
        Console.out("\(DisplayWidth.sanitize(file)): \(result.verdict.rawValue) (\(result.operations) operations, \(String(format: "%.1f", millis)) ms)")
        for line in counterexample ?? [] { Console.out(line) }
        Console.out("sequentially consistent: \(JSONVerdict.words(sequential))")
        guard let sessions else {
            Console.out("session guarantees: cannot tell (written values repeat, or appends/increments)")
            return
        }
        Console.out("session guarantees: " + SessionGuaranteeNames.pairs(sessions).map { "\($0.0) \($0.1 == true ? "yes" : "NO")" }.joined(separator: ", "))
        for violation in sessions.violations.prefix(4) { Console.out("  " + DisplayWidth.sanitize(violation)) }
    }
}

/// `quorum bench check DIR`: every history in a folder.
struct CheckBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check every history in a folder; report the total and the slowest.")

    @Argument(help: "A folder of histories (searched recursively for .log and .txt files).")
    var directory: String

    @Flag(help: "Also time the sequential-consistency search (without the linearizability shortcut), one line per file.")
    var sequential = false

    @Option(name: .customLong("sc-timeout"), help: ArgumentHelp("Budget of each sequential-consistency search.", valueName: "time"))
    var scTimeout: String = "100ms"

    func run() throws {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw InputError(source: directory, message: "no such folder")
        }
        let paths = (enumerator.allObjects as? [String] ?? []).filter { $0.hasSuffix(".log") || $0.hasSuffix(".txt") }.sorted()
        var total = 0.0
        var slowest: (String, Double) = ("", 0)
        var times: [(String, Double)] = []
        var verdicts: [String: Int] = [:]
        for path in paths {
            let full = (directory as NSString).appendingPathComponent(path)
            let text = try TextFile.read(full, kind: "history", limitBytes: TextFile.historyLimitBytes)
            guard let format = HistoryFormat.detect(text) else { continue }
            let operations = try format.parse(text, source: full)
            let started = DispatchTime.now().uptimeNanoseconds
            let result = LinearizabilityChecker(model: format.model, timeoutSeconds: 60).check(operations)
            let millis = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            total += millis
            verdicts[result.verdict.rawValue, default: 0] += 1
            if millis > slowest.1 { slowest = (path, millis) }
            times.append((path, millis))
            if sequential { Console.out("linearizability \(path) \(result.verdict.rawValue) \(result.steps) steps \(String(format: "%.1f", millis)) ms") }
            if sequential { try timeSequential(path, operations, model: format.model) }
        }
        Console.out("checked \(paths.count) histories in \(String(format: "%.1f", total)) ms; slowest \(slowest.0) \(String(format: "%.1f", slowest.1)) ms")
        Console.out(verdicts.keys.sorted().map { "\($0) \(verdicts[$0]!)" }.joined(separator: ", "))
        let top = times.sorted { $0.1 > $1.1 }.prefix(5).map { "\($0.0) \(String(format: "%.1f", $0.1))" }
        Console.out("slowest: " + top.joined(separator: ", ") + " (ms)")
    }

    private func timeSequential(_ path: String, _ operations: [CheckedOperation], model: KeyValueModel) throws {
        let budget = try parseDuration("--sc-timeout", scTimeout)
        let started = DispatchTime.now().uptimeNanoseconds
        let (verdict, steps) = SequentialConsistencyChecker(model: model, timeoutSeconds: Double(budget.micros) / 1e6).searchInterleavingsCountingSteps(operations)
        let millis = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        Console.out("sc \(path) \(JSONVerdict.words(verdict)) \(steps) steps \(String(format: "%.1f", millis)) ms")
    }
}

/// How a search verdict reads as a yes/no answer (unknown when the search ran out of time).
enum JSONVerdict {
    static func boolean(_ verdict: Verdict) -> String {
        switch verdict {
        case .linearizable: return "true"
        case .notLinearizable: return "false"
        case .unknown: return "null"
        }
    }

    static func words(_ verdict: Verdict) -> String {
        switch verdict {
        case .linearizable: return "yes"
        case .notLinearizable: return "no"
        case .unknown: return "unknown (search budget exhausted)"
        }
    }
}

/// The four session guarantees by their JSON names.
enum SessionGuaranteeNames {
    static func pairs(_ sessions: SessionGuarantees?) -> [(String, Bool?)] {
        [("readYourWrites", sessions?.readYourWrites), ("monotonicReads", sessions?.monotonicReads),
         ("monotonicWrites", sessions?.monotonicWrites), ("writesFollowReads", sessions?.writesFollowReads)]
    }
}
