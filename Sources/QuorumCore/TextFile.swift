#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole UTF-8 text file given by a person (script, theme, history), turning every failure
/// into an InputError that names the file. Every reader goes through here or `LineReader`, so all
/// of them accept LF and CRLF line ends and a leading UTF-8 byte order mark alike.
public enum TextFile {
    /// Scripts and themes are written by hand: anything bigger is a mistake (or /dev/zero), refused
    /// before it fills the memory.
    public static let smallFileLimitBytes = 4 << 20
    /// Histories (`quorum check`) are checked whole; the largest real ones are well under a megabyte.
    public static let historyLimitBytes = 64 << 20

    /// `kind` names the file in messages: "script", "theme", "history". The text has no byte order
    /// mark; its lines are read with `lines(_:)`.
    public static func read(_ path: String, kind: String, limitBytes: Int = smallFileLimitBytes) throws(InputError) -> String {
        let bytes = try readBytes(path, kind: kind, limitBytes: limitBytes)
        return try decode(bytes, source: path, kind: kind)
    }

    /// The file's bytes, at most `limitBytes` of them (more is an error naming the limit).
    public static func readBytes(_ path: String, kind: String, limitBytes: Int) throws(InputError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw InputError(source: path, message: access(path, F_OK) == 0 ? "cannot open the \(kind) (permission?)" : "no such \(kind) file")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65_536, file) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if bytes.count > limitBytes {
                throw InputError(source: path, message: "the \(kind) is larger than \(describe(bytes: limitBytes)), the most Quorum reads")
            }
            if count < 65_536 {
                if ferror(file) != 0 { throw InputError(source: path, message: "cannot read the \(kind) (is it a folder?)") }
                break
            }
        }
        return bytes
    }

    /// UTF-8 bytes as text without a leading byte order mark; invalid UTF-8 is an error naming the
    /// line and column of the first bad byte.
    public static func decode(_ bytes: [UInt8], source: String, kind: String) throws(InputError) -> String {
        let body = bytes.starts(with: byteOrderMark) ? bytes[3...] : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else {
            let offset = UTF8Check.firstInvalidOffset(body) ?? body.startIndex
            let (line, column) = position(of: offset, in: body)
            throw InputError(source: source, line: line, column: column, message: "the \(kind) is not UTF-8 text (a bad byte here)")
        }
        return text
    }

    /// The lines of a text, split at LF and CRLF alike (Swift reads "\r\n" as one Character, so
    /// splitting at "\n" alone would leave a CRLF file as one line), without a leading byte order
    /// mark. Line N of a file is element N-1.
    public static func lines(_ text: String) -> [Substring] {
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        return body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The 1-based line and column (in characters) of a byte.
    static func position(of offset: Int, in bytes: ArraySlice<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = bytes.startIndex
        for index in bytes.startIndex..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1)
    }

    static func describe(bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }
}
