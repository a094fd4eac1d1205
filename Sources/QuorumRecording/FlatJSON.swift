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

    mutating func add(_ key: String, _ value: Value) {
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
        var scanner = JSONLineScanner(bytes: line)
        if let object = scanner.flatObject() { return object }
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
}
