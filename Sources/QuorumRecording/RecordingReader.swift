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
        let bytes = try TextFile.readBytes(path, kind: "recording")
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let endedWithNewline = lines.last?.isEmpty ?? false
        if endedWithNewline { lines.removeLast() }
        guard let first = lines.first, let header = parseObject(first) else {
            throw InputError(source: path, line: 1, message: "not a Quorum recording (the first line is not a JSON header)")
        }
        var recording = Recording(header: try parseHeader(header, path: path), inputs: [], events: [], warnings: [])
        recording.events.reserveCapacity(lines.count)
        for (offset, line) in lines.enumerated().dropFirst() {
            let number = offset + 1
            if let event = EventLineParser.parse(line) {
                recording.events.append(event)
                continue
            }
            if RecordedState.isStateLine(line) {
                try recording.addState(line, number: number, path: path, isLast: number == lines.count && !endedWithNewline)
                continue
            }
            guard let object = FlatJSON.parse(line) else {
                if number == lines.count && !endedWithNewline {
                    recording.warnings.append("\(path):\(number): the last line is cut short (the run did not end cleanly); replaying up to it")
                    break
                }
                throw InputError(source: path, line: number, message: "corrupt line: not a JSON object")
            }
            try recording.add(object, line: number, path: path)
        }
        if recording.footerEvents == nil, recording.warnings.isEmpty {
            recording.warnings.append("\(path): no end line (the run did not end cleanly); replaying what was written")
        }
        return recording
    }

    private static func parseObject(_ line: ArraySlice<UInt8>) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
    }

    private static func parseHeader(_ object: [String: Any], path: String) throws(InputError) -> RecordingHeader {
        guard object["format"] as? String == RecordingHeader.formatName else {
            throw InputError(source: path, line: 1, message: "not a Quorum recording (format is not \"\(RecordingHeader.formatName)\")")
        }
        guard let version = object["version"] as? Int else {
            throw InputError(source: path, line: 1, field: "version", message: "missing")
        }
        guard version <= RecordingHeader.formatVersion else {
            throw InputError(source: path, line: 1, message: "recording format version \(version) is newer than this Quorum reads (\(RecordingHeader.formatVersion)); upgrade Quorum")
        }
        guard let protocolName = object["protocol"] as? String, let seed = (object["seed"] as? NSNumber)?.uint64Value,
              let nodes = object["nodes"] as? Int, let config = object["config"] as? [String: String] else {
            throw InputError(source: path, line: 1, message: "the header lacks protocol, seed, nodes or config")
        }
        return RecordingHeader(quorumVersion: object["quorum"] as? String ?? "?", protocolName: protocolName, seed: seed,
                               nodeCount: nodes, config: config, scriptName: object["scriptName"] as? String,
                               scriptText: object["script"] as? String)
    }

    private mutating func add(_ object: FlatJSON, line: Int, path: String) throws(InputError) {
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
            events.append(RecordedEvent(index: try count("i"), timeMicros: try number("t"), kind: kind, text: text,
                                        detail: object.string("detail"), operationID: object.integer("op").map { Int($0) },
                                        client: object.integer("client").map { Int($0) }, operation: object.string("operation"),
                                        output: object.string("output"), messageID: object.integer("id").map { UInt64($0) },
                                        arrivalMicros: object.integer("at"), category: object.string("cat")))
        case "input":
            guard let action = object.string("action") else { throw InputError(source: path, line: line, field: "action", message: "missing") }
            inputs.append(RecordedInput(step: try count("step"), timeMicros: try number("t"), action: action))
        case "end":
            footerEvents = try count("events")
            footerChecksum = object.string("checksum")
            footerTimeMicros = object.integer("t")
        default:
            throw InputError(source: path, line: line, field: "type", message: "unknown line type (expected event, input, state or end)")
        }
    }

    private mutating func addState(_ line: ArraySlice<UInt8>, number: Int, path: String, isLast: Bool) throws(InputError) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
            if isLast {
                warnings.append("\(path):\(number): the last line is cut short (the run did not end cleanly); replaying up to it")
                return
            }
            throw InputError(source: path, line: number, message: "corrupt line: not a JSON object")
        }
        states.append(try RecordedState(object) { InputError(source: path, line: number, field: $0, message: "malformed node state") })
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
