import QuorumCore

/// What a recording's lines must satisfy beyond being JSON, checked as they are read so that an
/// error names the line and field: events numbered in order and never back in time, times within
/// what the command line accepts, node numbers within the cluster, and each client's operations
/// invoked one at a time and completed once (the checkers and the replay rely on all of it).
struct RecordingCheck {
    let path: String
    let nodeCount: Int
    private var lastEvent: (index: UInt64, timeMicros: Int64)?
    private var lastInput: (step: UInt64, timeMicros: Int64)?
    /// Operation ids seen, and for each client the one it has outstanding.
    private var operationIDs: Set<Int> = []
    private var outstanding: [Int: Int] = [:]
    private let actionParser: ScenarioParser

    init(path: String, nodeCount: Int) {
        self.path = path
        self.nodeCount = nodeCount
        actionParser = ScenarioParser(source: path, nodeCount: nodeCount)
    }

    private func fail(_ line: Int, _ field: String, _ message: String) -> InputError {
        InputError(source: path, line: line, field: field, message: message)
    }

    private func time(_ micros: Int64, line: Int, field: String) throws(InputError) {
        guard (0...DurationParsing.maxMicros).contains(micros) else {
            throw fail(line, field, "\(micros) is not a time between 0 and \(DurationParsing.maxMicros) microseconds")
        }
    }

    mutating func event(_ event: RecordedEvent, line: Int) throws(InputError) {
        let expected = lastEvent.map { $0.index + 1 } ?? 0
        guard event.index == expected else { throw fail(line, "i", "event \(event.index) where event \(expected) comes next (events are numbered in order)") }
        try time(event.timeMicros, line: line, field: "t")
        if let last = lastEvent, event.timeMicros < last.timeMicros {
            throw fail(line, "t", "\(event.timeMicros) is before the previous event's time \(last.timeMicros)")
        }
        if let arrival = event.arrivalMicros { try time(arrival, line: line, field: "at") }
        lastEvent = (event.index, event.timeMicros)
        if event.kind == "invoke" || event.kind == "complete" { try clientEvent(event, line: line) }
    }

    /// Invocations and completions pair up as a client makes them: one at a time, each once.
    private mutating func clientEvent(_ event: RecordedEvent, line: Int) throws(InputError) {
        guard let id = event.operationID else { throw fail(line, "op", "missing") }
        guard let client = event.client else { throw fail(line, "client", "missing") }
        guard let text = event.operation else { throw fail(line, "operation", "missing") }
        guard case .success = ClientOperation.parse(text.split(separator: " ")) else {
            throw fail(line, "operation", "unreadable operation '\(text)'")
        }
        if event.kind == "invoke" {
            guard !operationIDs.contains(id) else { throw fail(line, "op", "operation \(id) is invoked twice") }
            if let current = outstanding[client] {
                throw fail(line, "client", "client \(client) invokes operation \(id) while operation \(current) is outstanding")
            }
            operationIDs.insert(id)
            outstanding[client] = id
            return
        }
        guard outstanding[client] == id else {
            throw fail(line, "op", "client \(client) completes operation \(id), which it has not invoked or already completed")
        }
        outstanding[client] = nil
        if event.detail == "ok" {
            guard event.output.flatMap(Recording.parseOutput) != nil else {
                throw fail(line, "output", "unreadable output '\(event.output ?? "")'")
            }
        }
    }

    mutating func input(_ input: RecordedInput, line: Int) throws(InputError) {
        try time(input.timeMicros, line: line, field: "t")
        if let last = lastInput {
            guard input.step >= last.step else { throw fail(line, "step", "\(input.step) is before the previous input's step \(last.step)") }
            guard input.timeMicros >= last.timeMicros else {
                throw fail(line, "t", "\(input.timeMicros) is before the previous input's time \(last.timeMicros)")
            }
        }
        do {
            _ = try actionParser.parse("at 0s " + input.action)
        } catch {
            throw fail(line, "action", "'\(input.action)': \(error.message)")
        }
        lastInput = (input.step, input.timeMicros)
    }

    func state(_ state: RecordedState, line: Int) throws(InputError) {
        guard state.node < nodeCount else { throw fail(line, "n", "node \(state.node) is not in a cluster of \(nodeCount)") }
        if let progress = state.progress, progress.contains(where: { !(0..<nodeCount).contains($0.node.index) }) {
            throw fail(line, "progress", "names a node outside the cluster")
        }
        if let clock = state.clock, clock.counts.count != nodeCount {
            throw fail(line, "clock", "has \(clock.counts.count) entries for \(nodeCount) nodes")
        }
        if let judgment = state.judgment, let judgment, !(0..<nodeCount).contains(judgment.from.index) {
            throw fail(line, "judgment", "names a node outside the cluster")
        }
        if let timer = state.timer, let timer {
            try time(timer.setAt, line: line, field: "timer")
            try time(timer.fireAt, line: line, field: "timer")
        }
    }
}
