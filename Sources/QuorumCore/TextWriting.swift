/// A value whose one-line description can be written straight into UTF-8 bytes. The recording
/// writes the text of every event, and building a `String` per event (interpolation, then a copy
/// into the line) cost more than the simulation itself; writing bytes costs a fraction of that.
///
/// Types that conform write their text once, in `write(to:)`, and derive `description` from it
/// with `writtenText`, so the two can never differ.
public protocol TextWriting {
    func write(to text: inout [UInt8])
}

extension TextWriting {
    /// The text `write(to:)` writes, as a string.
    public var writtenText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Text the program spells itself.
    @inlinable
    public mutating func append(text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    public mutating func append(text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    public mutating func append(decimal value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        append(decimal: UInt64(value.magnitude))
    }

    /// Digits are written backwards into a stack buffer (dividing by the constant 10 compiles to a
    /// multiply), then appended in one copy.
    public mutating func append(decimal value: UInt64) {
        guard value >= 10 else { return append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for UInt64.max's 20 digits
        Swift.withUnsafeMutableBytes(of: &digits) { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            var rest = value
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position...]))
        }
    }

    public mutating func append(_ value: some TextWriting) {
        value.write(to: &self)
    }
}
