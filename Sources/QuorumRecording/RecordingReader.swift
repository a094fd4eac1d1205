import Foundation
import QuorumCore

/// Reads a recording line by line (streamed, never held whole twice). A truncated last line, as a
/// crash leaves it, is dropped with a warning; a corrupt line elsewhere is an error naming it.
public struct Recording: Sendable {
    public var header: RecordingHeader
    public var inputs: [RecordedInput]
    public var events: [RecordedEvent]
    /// Node states, in order (format 2): what a replay draws when it cannot re-simulate the run.
    public var states: [RecordedState] = []
    /// The footer's counts, when the run ended cleanly.
    public var footerEvents: UInt64?
    public var footerChecksum: String?
    /// When the run ended (format 2), which may be after its last event.
    public var footerTimeMicros: Int64?
    public var warnings: [String]

    public static func read(_ path: String) throws(InputError) -> Recording {
        var reader = try LineReader(path: path, kind: "recording")
        return try read(&reader)
    }

    /// A recording's bytes already in memory, read exactly as a file's; `path` names them in messages.
    public static func read(bytes: [UInt8], path: String) throws(InputError) -> Recording {
        var reader = LineReader(bytes: bytes, path: path, kind: "recording")
        return try read(&reader)
    }

    private static func read(_ reader: inout LineReader) throws(InputError) -> Recording {
        let path = reader.path
        guard let first = try reader.next() else {
            throw InputError(source: path, line: 1, message: "not a Quorum recording (the file is empty)")
        }
        guard let header = parseObject(first) else {
            throw corrupt(first, path: path, line: 1, expected: "not a Quorum recording (the first line is not a JSON header)")
        }
        var recording = Recording(header: try RecordingHeaderReader.header(header, path: path), inputs: [], events: [], warnings: [])
        var check = RecordingCheck(path: path, nodeCount: recording.header.nodeCount)
        while let line = try reader.next() {
            let number = reader.lineNumber
            // A line the file stops inside is what a crash leaves: dropped with a warning.
            let cutShort = !reader.lastLineEnded
            if let event = EventLineParser.parse(line) {
                try check.event(event, line: number)
                recording.events.append(event)
                continue
            }
            let parsed: Bool
            if RecordedState.isStateLine(line) {
                parsed = try recording.addState(line, number: number, path: path, check: check)
            } else if let object = FlatJSON.parse(line) {
                if object.string("type") == "state" {  // written by hand, with spaces: the general path
                    parsed = try recording.addState(line, number: number, path: path, check: check)
                } else {
                    try recording.add(object, line: number, path: path, check: &check)
                    parsed = true
                }
            } else {
                parsed = false
            }
            if parsed { continue }
            if cutShort {
                recording.warnings.append("\(path):\(number): the last line is cut short (the run did not end cleanly); replaying up to it")
                break
            }
            throw corrupt(line, path: path, line: number, expected: "corrupt line: not a JSON object")
        }
        if recording.footerEvents == nil, recording.warnings.isEmpty {
            recording.warnings.append("\(path): no end line (the run did not end cleanly); replaying what was written")
        }
        return recording
    }

    /// Whether the file starts with a recording header (read from its first line only).
    public static func isRecording(_ path: String, kind: String) throws(InputError) -> Bool {
        var reader = try LineReader(path: path, kind: kind)
        guard let first = try reader.next(), let object = parseObject(first) else { return false }
        return object["format"] as? String == RecordingHeader.formatName
    }

    /// A line that does not parse: named by the first bad byte when it is not UTF-8.
    private static func corrupt(_ line: ArraySlice<UInt8>, path: String, line number: Int, expected: String) -> InputError {
        if let offset = UTF8Check.firstInvalidOffset(line) {
            let column = String(decoding: line[line.startIndex..<offset], as: UTF8.self).count + 1
            return InputError(source: path, line: number, column: column, message: "not UTF-8 text (a bad byte here)")
        }
        return InputError(source: path, line: number, message: expected)
    }

    private static func parseObject(_ line: ArraySlice<UInt8>) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
    }

    private mutating func add(_ object: FlatJSON, line: Int, path: String, check: inout RecordingCheck) throws(InputError) {
        func number(_ key: String) throws(InputError) -> Int64 {
            guard let value = object.integer(key) else { throw InputError(source: path, line: line, field: key, message: "missing or not a number") }
            return value
        }
        func count(_ key: String) throws(InputError) -> UInt64 {
            let value = try number(key)
            guard value >= 0 else { throw InputError(source: path, line: line, field: key, message: "negative") }
            return UInt64(value)
        }
        switch object.string("type") {
        case "event":
            guard let kind = object.string("kind"), let text = object.string("text") else {
                throw InputError(source: path, line: line, message: "an event needs kind and text")
            }
            func optionalCount(_ key: String) throws(InputError) -> Int64? {
                guard let value = object.integer(key) else { return nil }
                guard value >= 0 else { throw InputError(source: path, line: line, field: key, message: "negative") }
                return value
            }
            let event = RecordedEvent(index: try count("i"), timeMicros: try number("t"), kind: kind, text: text,
                                      detail: object.string("detail"), operationID: try optionalCount("op").map { Int($0) },
                                      client: try optionalCount("client").map { Int($0) }, operation: object.string("operation"),
                                      output: object.string("output"), messageID: try optionalCount("id").map { UInt64($0) },
                                      arrivalMicros: object.integer("at"), category: object.string("cat"))
            try check.event(event, line: line)
            events.append(event)
        case "input":
            guard let action = object.string("action") else { throw InputError(source: path, line: line, field: "action", message: "missing") }
            let input = RecordedInput(step: try count("step"), timeMicros: try number("t"), action: action)
            try check.input(input, line: line)
            inputs.append(input)
        case "end":
            footerEvents = try count("events")
            footerChecksum = object.string("checksum")
            footerTimeMicros = object.integer("t")
            if let end = footerTimeMicros, !(0...DurationParsing.maxMicros).contains(end) {
                throw InputError(source: path, line: line, field: "t", message: "\(end) is not a time between 0 and \(DurationParsing.maxMicros) microseconds")
            }
        default:
            throw InputError(source: path, line: line, field: "type", message: "unknown line type (expected event, input, state or end)")
        }
    }

    /// False when the line is not a JSON object (the caller decides whether that is an error).
    private mutating func addState(_ line: ArraySlice<UInt8>, number: Int, path: String, check: RecordingCheck) throws(InputError) -> Bool {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else { return false }
        let state = try RecordedState(object) { InputError(source: path, line: number, field: $0, message: "malformed node state") }
        try check.state(state, line: number)
        states.append(state)
        return true
    }
}

extension Recording {
    /// The client history: every operation with its invocation and completion times and outcome.
    /// Operations without a completion are pending (their outcome unknown).
    public func clientHistory(path: String) throws(InputError) -> [HistoryEntry] {
        var entries: [Int: HistoryEntry] = [:]
        var order: [Int] = []
        for event in events where event.kind == "invoke" || event.kind == "complete" {
            guard let id = event.operationID, let client = event.client, let text = event.operation else {
                throw InputError(source: path, message: "event \(event.index) (\(event.kind)) lacks its operation fields; recorded by an older Quorum?")
            }
            let words = text.split(separator: " ")
            guard case .success(let operation) = ClientOperation.parse(words) else {
                throw InputError(source: path, message: "event \(event.index): unreadable operation '\(text)'")
            }
            if event.kind == "invoke" {
                entries[id] = HistoryEntry(id: id, client: ClientID(client), sequence: 0, operation: operation,
                                           invokedAt: SimTime(micros: event.timeMicros))
                order.append(id)
                continue
            }
            guard var entry = entries[id] else { continue }
            entry.completedAt = SimTime(micros: event.timeMicros)
            switch event.detail {
            case "ok":
                guard let output = event.output.flatMap(Recording.parseOutput) else {
                    throw InputError(source: path, message: "event \(event.index): unreadable output '\(event.output ?? "")'")
                }
                entry.outcome = .ok(output)
            case "failed": entry.outcome = .failed("recorded as failed")
            default: entry.outcome = .unknown
            }
            entries[id] = entry
        }
        return order.map { entries[$0]! }
    }

    static func parseOutput(_ text: String) -> OperationOutput? {
        if text == "done" { return .done }
        if text == "nil" { return .value(nil) }
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "value": return .value(parts[1])
        case "counter": return Int64(parts[1]).map { .counter($0) }
        case "swapped": return Bool(parts[1]).map { .swapped($0) }
        case "siblings": return .siblings(parts[1].split(separator: ",").map(String.init))
        case "error": return .error(parts[1])
        default: return nil
        }
    }
}
