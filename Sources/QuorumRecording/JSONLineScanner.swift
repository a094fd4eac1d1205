import Foundation

/// Reads recording lines exactly as the writer makes them: `{"key":"string","key":123,...}`, no
/// spaces, strings with only the escapes the writer produces. Anything else returns nil, and the
/// caller hands the line to JSONSerialization.
struct JSONLineScanner {
    let bytes: ArraySlice<UInt8>
    var position: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    mutating func flatObject() -> FlatJSON? {
        var result = FlatJSON()
        let complete = object { scanner, key in
            guard let value = scanner.value() else { return false }
            result.add(String(decoding: key, as: UTF8.self), value)
            return true
        }
        return complete ? result : nil
    }

    /// Reads `{`, then each key (as bytes) and hands the scanner to `readValue` to read its value,
    /// then `}` at the end of the line. False if anything does not fit.
    mutating func object(_ readValue: (inout JSONLineScanner, ArraySlice<UInt8>) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return position == bytes.endIndex }
        repeat {
            guard let key = plainBytes(), take(UInt8(ascii: ":")), readValue(&self, key) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) && position == bytes.endIndex
    }

    /// A string without escapes, as its bytes (keys, and values compared without decoding).
    mutating func plainBytes() -> ArraySlice<UInt8>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.endIndex {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return bytes[start..<(position - 1)]
            }
            if byte == UInt8(ascii: "\\") { return nil }
            position += 1
        }
        return nil
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.endIndex, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func value() -> FlatJSON.Value? {
        guard position < bytes.endIndex else { return nil }
        if bytes[position] == UInt8(ascii: "\"") { return string().map(FlatJSON.Value.string) }
        return integer().map(FlatJSON.Value.integer)
    }

    mutating func integer() -> Int64? {
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
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        var plain = true
        var ascii = true
        while position < bytes.endIndex {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = bytes[start..<position]
                position += 1
                guard plain else { return unescape(slice) }
                // ASCII (nearly every string) needs no validation; building it is then a copy.
                if ascii { return slice.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }
                return String(validating: slice, as: UTF8.self)
            }
            ascii = ascii && byte < 0x80
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
