/// Parses scenario scripts. Grammar (one step per line; `#` starts a comment):
///
///     line   := "at" TIME action
///             | "every" DURATION ["from" TIME] ["until" TIME] action
///     action := "kill" (NODE | "leader") | "restart" NODE | "freeze" NODE | "unfreeze" NODE
///             | "partition" NODE+ ("|" NODE+)+ | "isolate" NODE | "heal"
///             | "cut" NODE "->" NODE | "repair" NODE "->" NODE
///             | "loss" PROB | "duplicate" PROB | "reorder" PROB | "latency" DURATION [".." DURATION]
///             | "request" [NODE] OPERATION | "timeout" NODE | "say" QUOTED
///             | "byzantine" NODE BEHAVIOUR | "honest" NODE
///             | "workload" (NAME "=" VALUE)*      (none: back to the run's configuration)
///
/// and, for lessons (see `ScenarioParser+Lesson.swift`):
///
///     line   := "title" QUOTED | "topic" QUOTED | "run" WORD+
///             | "at" TIME cue
///     cue    := "chapter" QUOTED | "pause" | "speed" FACTOR | "focus" NODE | "show" PANEL
///             | "predict" QUOTED "choices" WORD+ "answer" WORD "reveal" ["at"] TIME QUOTED "expect" CONDITION
///             | "expect" CONDITION
///
/// Where a partition names sides, a datacenter's name stands for all its nodes (`partition dc1 | dc2`).
///
/// Every error names the file, line and column.
public struct ScenarioParser {
    public let source: String
    public let nodeCount: Int
    /// The behaviours `byzantine` accepts (the protocol's; by default the ones every protocol has).
    public var behaviours: [NodeBehaviour] = [.honest] + NodeBehaviour.generic
    /// Groups whose names stand for their nodes in a partition.
    public var datacenters: Datacenters?
    /// Why a `workload` option is not the protocol's (by default every well-formed one is).
    public var workloadOptionProblem: @Sendable (RequestOption) -> String? = { _ in nil }

    public init(source: String, nodeCount: Int) {
        self.source = source
        self.nodeCount = nodeCount
    }

    /// A parser for a run of `Node`'s protocol: its behaviours, the run's datacenters.
    public init<Node: SimulatedNode>(source: String, nodeCount: Int, protocol: Node.Type, datacenters: Datacenters?) {
        self.init(source: source, nodeCount: nodeCount)
        behaviours = Node.behaviours
        self.datacenters = datacenters
        workloadOptionProblem = { Node.workloadOptionProblem($0) }
    }

    public func parse(_ text: String) throws(InputError) -> Scenario {
        var steps: [Scenario.Step] = []
        var lesson = LessonHeader()
        var cues: [LessonCue] = []
        for (offset, line) in TextFile.lines(text).enumerated() {
            let lineNumber = offset + 1
            let tokens: [ScenarioToken]
            switch ScenarioToken.tokenize(line.hasSuffix("\r") ? line.dropLast() : line) {
            case .success(let result): tokens = result
            case .failure(let failure): throw error(lineNumber, failure.column, failure.message)
            }
            guard !tokens.isEmpty else { continue }
            if try parseHeader(tokens, line: lineNumber, into: &lesson) { continue }
            if let cue = try parseCue(tokens, line: lineNumber) {
                cues.append(cue)
                continue
            }
            steps.append(try parseStep(tokens, line: lineNumber))
        }
        var scenario = Scenario(source: source, steps: steps)
        scenario.lesson = lesson
        scenario.cues = cues.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        return scenario
    }

    func error(_ line: Int, _ column: Int, _ message: String) -> InputError {
        InputError(source: source, line: line, column: column, message: message)
    }

    private func parseStep(_ tokens: [ScenarioToken], line: Int) throws(InputError) -> Scenario.Step {
        var cursor = TokenCursor(tokens: tokens, line: line, endColumn: (tokens.last?.column ?? 1) + (tokens.last?.text.count ?? 0))
        let keyword = try cursor.word("'at' or 'every'", source)
        switch keyword.text {
        case "at":
            let at = try time(cursor.word("a time such as 2s or 1500ms", source), line)
            let action = try parseAction(&cursor)
            return Scenario.Step(action: action, at: at, period: nil, until: nil, line: line)
        case "every":
            let periodToken = try cursor.word("a period such as 300ms", source)
            let period = try time(periodToken, line).micros
            guard period > 0 else { throw error(line, periodToken.column, "the period of 'every' must be more than 0") }
            var from = SimTime(micros: period)
            var until: SimTime?
            while let next = cursor.peek, next.kind == .word, next.text == "from" || next.text == "until" {
                cursor.advance()
                let value = try time(cursor.word("a time", source), line)
                if next.text == "from" { from = value } else { until = value }
            }
            let action = try parseAction(&cursor)
            return Scenario.Step(action: action, at: from, period: period, until: until, line: line)
        default:
            throw error(line, keyword.column, "expected 'at', 'every', 'title', 'topic' or 'run', found '\(keyword.text)'")
        }
    }

    func time(_ token: ScenarioToken, _ line: Int) throws(InputError) -> SimTime {
        guard let micros = DurationParsing.micros(token.text) else {
            throw error(line, token.column, DurationParsing.problem(token.text) ?? "'\(token.text)' is not a time (write 2s, 10.5s, 300ms or 1m)")
        }
        return SimTime(micros: micros)
    }

    private func parseAction(_ cursor: inout TokenCursor) throws(InputError) -> ClusterAction {
        let verb = try cursor.word("an action (kill, restart, partition, heal, request, say, ...)", source)
        let action: ClusterAction
        switch verb.text {
        case "kill":
            if cursor.peek?.text == "leader" {
                cursor.advance()
                action = .kill(.leader)
            } else {
                action = .kill(.node(try node(&cursor)))
            }
        case "restart": action = .restart(try node(&cursor))
        case "freeze": action = .freeze(try node(&cursor))
        case "unfreeze": action = .unfreeze(try node(&cursor))
        case "isolate": action = .isolate(try node(&cursor))
        case "timeout": action = .timeout(try node(&cursor))
        case "heal": action = .heal
        case "partition": action = .partition(try sides(&cursor))
        case "cut", "repair":
            let (from, to) = try link(&cursor)
            action = verb.text == "cut" ? .cut(from: from, to: to) : .repair(from: from, to: to)
        case "loss": action = .setLoss(try probability(&cursor))
        case "duplicate": action = .setDuplication(try probability(&cursor))
        case "reorder": action = .setReordering(try probability(&cursor))
        case "latency": action = try latency(&cursor)
        case "request": action = try request(&cursor)
        case "byzantine":
            let target = try node(&cursor)
            action = .behave(target, try behaviour(&cursor))
        case "honest": action = .behave(try node(&cursor), .honest)
        case "drop": action = .dropMessage(try messageID(&cursor))
        case "deliver": action = .deliverMessage(try messageID(&cursor))
        case "workload": action = .workload(try workloadOptions(&cursor))
        case "say":
            let text = try cursor.next("a quoted caption", source)
            guard text.kind == .quoted else { throw error(cursor.line, text.column, "'say' takes a quoted caption, as in say \"hello\"") }
            action = .say(String(text.text))
        case _ where ScenarioParser.cueVerbs.contains(String(verb.text)):
            throw error(cursor.line, verb.column, "'\(verb.text)' happens once: write it as 'at TIME \(verb.text) ...'")
        default:
            throw error(cursor.line, verb.column, "unknown action '\(verb.text)' (expected kill, restart, freeze, unfreeze, partition, isolate, heal, cut, repair, loss, duplicate, reorder, latency, request, timeout, byzantine, honest, drop, deliver, workload or say)")
        }
        if let extra = cursor.peek {
            throw error(cursor.line, extra.column, "unexpected '\(extra.text)' after '\(verb.text)'")
        }
        return action
    }

    /// `read-level=QUORUM write-level=ONE`: what the workload's requests carry from now on.
    private func workloadOptions(_ cursor: inout TokenCursor) throws(InputError) -> [RequestOption] {
        var options: [RequestOption] = []
        while let token = cursor.peek {
            cursor.advance()
            guard token.kind == .word, let option = RequestOption(parsing: token.text) else {
                throw error(cursor.line, token.column, "'\(token.text)' is not a workload option (write NAME=VALUE, as in read-level=QUORUM)")
            }
            if let problem = workloadOptionProblem(option) { throw error(cursor.line, token.column, problem) }
            options.append(option)
        }
        return options
    }

    /// `m17`: a message by its id in the run (the UI's message mode shows it).
    private func messageID(_ cursor: inout TokenCursor) throws(InputError) -> UInt64 {
        let token = try cursor.word("a message such as m17", source)
        let digits = token.text.dropFirst()
        guard token.text.first == "m", !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let id = UInt64(digits) else {
            throw error(cursor.line, token.column, "'\(token.text)' is not a message (write m17: the id the live view's message mode shows)")
        }
        return id
    }

    func node(_ cursor: inout TokenCursor) throws(InputError) -> NodeID {
        try node(cursor.word("a node such as n1", source), cursor.line)
    }

    func node(_ token: ScenarioToken, _ line: Int) throws(InputError) -> NodeID {
        guard let id = NodeID(parsing: token.text) else {
            throw error(line, token.column, "'\(token.text)' is not a node (write n1 to n\(nodeCount))")
        }
        guard id.index < nodeCount else {
            throw error(line, token.column, "unknown node '\(token.text)' (the cluster has n1..n\(nodeCount))")
        }
        return id
    }

    private func sides(_ cursor: inout TokenCursor) throws(InputError) -> [[NodeID]] {
        var sides: [[NodeID]] = [[]]
        var seen = Array(repeating: false, count: nodeCount)
        while let token = cursor.peek {
            cursor.advance()
            if token.kind == .bar {
                guard !sides[sides.count - 1].isEmpty else { throw error(cursor.line, token.column, "empty side before '|'") }
                sides.append([])
                continue
            }
            for id in try nodes(token, cursor.line) {
                guard !seen[id.index] else { throw error(cursor.line, token.column, "\(id) is on two sides") }
                seen[id.index] = true
                sides[sides.count - 1].append(id)
            }
        }
        guard sides.count >= 2, !sides[sides.count - 1].isEmpty else {
            throw error(cursor.line, cursor.endColumn, "a partition needs sides separated by '|', as in partition n1 n2 | n3 n4 n5")
        }
        return sides
    }

    /// A node, or a datacenter's nodes.
    private func nodes(_ token: ScenarioToken, _ line: Int) throws(InputError) -> [NodeID] {
        if let group = datacenters?.group(named: String(token.text)) { return group.nodes }
        if let datacenters, NodeID(parsing: token.text) == nil {
            let names = datacenters.groups.map(\.name)
            throw error(line, token.column, "'\(token.text)' is not a node or a datacenter (write n1 to n\(nodeCount), or \(names.joined(separator: ", ")))")
        }
        return [try node(token, line)]
    }

    private func behaviour(_ cursor: inout TokenCursor) throws(InputError) -> NodeBehaviour {
        let names = behaviours.filter { !$0.isHonest }.map(\.name)
        let token = try cursor.word("a behaviour (\(names.joined(separator: ", ")))", source)
        guard let behaviour = behaviours.first(where: { $0.name == token.text }), !behaviour.isHonest else {
            throw error(cursor.line, token.column, "unknown behaviour '\(token.text)' (this protocol has \(names.joined(separator: ", ")); 'honest n1' ends one)")
        }
        return behaviour
    }

    private func link(_ cursor: inout TokenCursor) throws(InputError) -> (NodeID, NodeID) {
        let first = try cursor.word("a link such as n1 -> n2", source)
        if let arrow = first.text.firstRange(of: "->") {  // written without spaces: n1->n2
            let from = ScenarioToken(text: first.text[..<arrow.lowerBound], kind: .word, column: first.column)
            let toText = first.text[arrow.upperBound...]
            let to = ScenarioToken(text: toText, kind: .word, column: first.column + first.text.distance(from: first.text.startIndex, to: arrow.upperBound))
            return (try node(from, cursor.line), try node(to, cursor.line))
        }
        let from = try node(first, cursor.line)
        let arrow = try cursor.word("'->'", source)
        guard arrow.text == "->" else { throw error(cursor.line, arrow.column, "expected '->' between the two nodes of a link") }
        return (from, try node(&cursor))
    }

    private func probability(_ cursor: inout TokenCursor) throws(InputError) -> Probability {
        let token = try cursor.word("a probability such as 5% or 0.05", source)
        guard let value = Probability(parsing: token.text) else {
            throw error(cursor.line, token.column, "'\(token.text)' is not a probability between 0 and 1 (write 0.05 or 5%)")
        }
        return value
    }

    private func latency(_ cursor: inout TokenCursor) throws(InputError) -> ClusterAction {
        let token = try cursor.word("a latency range such as 5ms..25ms", source)
        guard let range = DurationParsing.range(token.text) else {
            throw error(cursor.line, token.column, DurationParsing.rangeProblem(token.text) ?? "'\(token.text)' is not a latency range (write 5ms..25ms)")
        }
        guard range.min <= range.max else {
            throw error(cursor.line, token.column, "latency range \(token.text) has its minimum above its maximum")
        }
        return .setLatency(minMicros: range.min, maxMicros: range.max)
    }

    private func request(_ cursor: inout TokenCursor) throws(InputError) -> ClusterAction {
        var target: NodeID?
        if let first = cursor.peek, NodeID(parsing: first.text) != nil {
            target = try node(&cursor)
        }
        let start = cursor.peek?.column ?? cursor.endColumn
        var words: [Substring] = []
        while let token = cursor.peek {
            cursor.advance()
            words.append(token.text)
        }
        switch ClientOperation.parse(words) {
        case .success(let operation): return .request(target, operation)
        case .failure(let failure): throw error(cursor.line, start, failure.message)
        }
    }
}

/// Reads tokens of one line in order.
struct TokenCursor {
    let tokens: [ScenarioToken]
    let line: Int
    /// Where "missing X" errors point: just past the last token.
    let endColumn: Int
    private(set) var position = 0

    init(tokens: [ScenarioToken], line: Int, endColumn: Int) {
        self.tokens = tokens
        self.line = line
        self.endColumn = endColumn
    }

    var peek: ScenarioToken? { position < tokens.count ? tokens[position] : nil }

    mutating func advance() { position += 1 }

    mutating func next(_ expected: String, _ source: String) throws(InputError) -> ScenarioToken {
        guard let token = peek else {
            throw InputError(source: source, line: line, column: endColumn, message: "missing \(expected)")
        }
        advance()
        return token
    }

    mutating func word(_ expected: String, _ source: String) throws(InputError) -> ScenarioToken {
        let token = try next(expected, source)
        guard token.kind == .word else {
            throw InputError(source: source, line: line, column: token.column, message: "expected \(expected), found '\(token.text)'")
        }
        return token
    }
}
