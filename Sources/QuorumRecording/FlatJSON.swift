import Foundation

/// One line of a recording as keys and values. Recording lines are flat objects of strings and
/// integers, so a small byte-level parser reads them about ten times faster than
/// JSONSerialization; any line it does not recognise (nested values, floats, odd spacing from a
/// hand edit) is handed to JSONSerialization instead, so every valid JSON line still reads.
struct FlatJSON {
    enum Value {
        case string(String)
        case integer(Int64)
    }

    // Parallel arrays, looked up by a plain loop: a line has about ten keys.
    private var keys: [String] = []
    private var strings: [String?] = []
    private var integers: [Int64?] = []

    private mutating func add(_ key: String, _ value: Value) {
        keys.append(key)
        switch value {
        case .string(let text):
            strings.append(text)
            integers.append(nil)
        case .integer(let number):
            strings.append(nil)
            integers.append(number)
        }
    }

    private func slot(_ key: String) -> Int? {
        for index in keys.indices where keys[index] == key { return index }
        return nil
    }

    func string(_ key: String) -> String? { slot(key).flatMap { strings[$0] } }

    func integer(_ key: String) -> Int64? { slot(key).flatMap { integers[$0] } }

    /// Parses one line (without its newline); nil if it is not a JSON object.
    static func parse(_ line: ArraySlice<UInt8>) -> FlatJSON? {
        var parser = FastParser(bytes: line)
        if let object = parser.object() { return object }
        return slowParse(line)
    }

    private static func slowParse(_ line: ArraySlice<UInt8>) -> FlatJSON? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else { return nil }
        var result = FlatJSON()
        for key in object.keys.sorted() {
            switch object[key] {
            case let text as String: result.add(key, .string(text))
            case let number as NSNumber where number.objCType.pointee != 0x63:  // "c": a boolean
                result.add(key, .integer(number.int64Value))
            default: break  // nested values: no reader needs them
            }
        }
        return result
    }

    /// The fast path: `{"key":"string","key":123,...}` exactly as the writer makes it.
    private struct FastParser {
        let bytes: ArraySlice<UInt8>
        var position: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            position = bytes.startIndex
        }

        mutating func object() -> FlatJSON? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var result = FlatJSON()
            if take(UInt8(ascii: "}")) { return position == bytes.endIndex ? result : nil }
            repeat {
                guard let key = string(), take(UInt8(ascii: ":")), let value = value() else { return nil }
                result.add(key, value)
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")), position == bytes.endIndex else { return nil }
            return result
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.endIndex, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        private mutating func value() -> Value? {
            guard position < bytes.endIndex else { return nil }
            if bytes[position] == UInt8(ascii: "\"") { return string().map(Value.string) }
            return integer().map(Value.integer)
        }

        private mutating func integer() -> Int64? {
            let negative = take(UInt8(ascii: "-"))
            var value: Int64 = 0
            let start = position
            while position < bytes.endIndex, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(bytes[position] - 0x30))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
                position += 1
            }
            guard position > start else { return nil }
            return negative ? -value : value
        }

        /// A string with the escapes the writer produces; anything else goes to the slow path.
        private mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            var plain = true
            while position < bytes.endIndex {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let slice = bytes[start..<position]
                    position += 1
                    return plain ? String(validating: slice, as: UTF8.self) : unescape(slice)
                }
                if byte == UInt8(ascii: "\\") {
                    plain = false
                    position += 1
                }
                position += 1
            }
            return nil
        }

        private func unescape(_ slice: ArraySlice<UInt8>) -> String? {
            var output: [UInt8] = []
            output.reserveCapacity(slice.count)
            var index = slice.startIndex
            while index < slice.endIndex {
                let byte = slice[index]
                guard byte == UInt8(ascii: "\\") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                index += 1
                guard index < slice.endIndex else { return nil }
                switch slice[index] {
                case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                default: return nil  // \u escapes: the slow path decodes them
                }
                index += 1
            }
            return String(validating: output, as: UTF8.self)
        }
    }
}
