/// Reads an event line straight into a `RecordedEvent`: keys are matched as bytes and values
/// decoded once, with no dictionary or intermediate object per line. A million-event recording
/// is a million of these. Any other line (or an unexpected key) returns nil, for the general path.
enum EventLineParser {
    static func parse(_ line: ArraySlice<UInt8>) -> RecordedEvent? {
        var scanner = JSONLineScanner(bytes: line)
        var event = RecordedEvent(index: 0, timeMicros: 0, kind: "", text: "")
        var seen = (index: false, time: false, kind: false, text: false, type: false)
        let complete = scanner.object { scanner, key in
            switch key.count {
            case 1 where key.first == UInt8(ascii: "i"):
                guard let value = scanner.integer(), value >= 0 else { return false }
                (event.index, seen.index) = (UInt64(value), true)
            case 1 where key.first == UInt8(ascii: "t"):
                guard let value = scanner.integer() else { return false }
                (event.timeMicros, seen.time) = (value, true)
            case 2 where matches(key, "at"): event.arrivalMicros = scanner.integer()
            case 2 where matches(key, "id"):
                // A negative number is left to the general path, which names the field.
                guard let value = scanner.integer(), value >= 0 else { return false }
                event.messageID = UInt64(value)
            case 2 where matches(key, "op"):
                guard let value = scanner.integer(), value >= 0 else { return false }
                event.operationID = Int(value)
            case 3 where matches(key, "cat"): event.category = scanner.string()
            case 4 where matches(key, "kind"):
                guard let value = scanner.string() else { return false }
                (event.kind, seen.kind) = (value, true)
            case 4 where matches(key, "text"):
                guard let value = scanner.string() else { return false }
                (event.text, seen.text) = (value, true)
            case 4 where matches(key, "type"):
                guard let value = scanner.plainBytes(), matches(value, "event") else { return false }
                seen.type = true
            case 6 where matches(key, "client"):
                guard let value = scanner.integer(), value >= 0 else { return false }
                event.client = Int(value)
            case 6 where matches(key, "detail"): event.detail = scanner.string()
            case 6 where matches(key, "output"): event.output = scanner.string()
            case 9 where matches(key, "operation"): event.operation = scanner.string()
            default: return false
            }
            return true
        }
        guard complete, seen.index, seen.time, seen.kind, seen.text, seen.type else { return nil }
        return event
    }

    private static func matches(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { bytes.elementsEqual($0) }
    }
}
