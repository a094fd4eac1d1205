import QuorumCore

/// One JSON object on one line, written straight as UTF-8 bytes onto the end of a buffer (no
/// intermediate strings; about ten times faster than JSONSerialization per event). Callers add keys
/// in sorted order, so the same run gives the same bytes.
///
/// The line borrows the buffer for its lifetime (`write(into:)`), so appending never copies it.
struct JSONLine: ~Copyable {
    private let out: UnsafeMutablePointer<[UInt8]>
    private var first = true

    private init(out: UnsafeMutablePointer<[UInt8]>) {
        self.out = out
        out.pointee.append(UInt8(ascii: "{"))
    }

    /// Writes one object, with its newline, at the end of `bytes`.
    static func write(into bytes: inout [UInt8], _ fill: (inout JSONLine) -> Void) {
        withUnsafeMutablePointer(to: &bytes) { pointer in
            var line = JSONLine(out: pointer)
            fill(&line)
            pointer.pointee.append(UInt8(ascii: "}"))
            pointer.pointee.append(0x0A)
        }
    }

    private var bytes: [UInt8] {
        _read { yield out.pointee }
        nonmutating _modify { yield &out.pointee }
    }

    mutating func add(_ key: StaticString, string value: String) {
        addKey(key)
        JSONText.appendQuoted(value, to: &bytes)
    }

    mutating func add(_ key: StaticString, utf8 value: UnsafeBufferPointer<UInt8>) {
        addKey(key)
        JSONText.appendQuoted(utf8: value, to: &bytes)
    }

    /// A string the program spells itself, with nothing to escape.
    mutating func add(_ key: StaticString, literal value: StaticString) {
        addKey(key)
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func add(_ key: StaticString, number value: Int64) {
        addKey(key)
        bytes.append(decimal: Int(value))
    }

    mutating func add(_ key: StaticString, number value: UInt64) {
        addKey(key)
        bytes.append(decimal: value)
    }

    mutating func add(_ key: StaticString, number value: Int) { add(key, number: Int64(value)) }

    /// A value written by the caller (an array or object), after the key.
    mutating func add(_ key: StaticString, raw write: (inout [UInt8]) -> Void) {
        addKey(key)
        write(&bytes)
    }

    mutating func addNull(_ key: StaticString) {
        addKey(key)
        bytes.append(text: "null")
    }

    private mutating func addKey(_ key: StaticString) {
        if first { first = false } else { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }
}
