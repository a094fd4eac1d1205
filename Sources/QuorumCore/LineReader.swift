#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a large file (a recording) line by line from a 64 KB buffer, so the file is never held
/// whole: each line is handed over as bytes without its LF or CRLF, the first without a UTF-8 byte
/// order mark. A line longer than `maxLineBytes` (a binary file, /dev/zero) is an error naming it.
public struct LineReader: ~Copyable {
    /// What a recording line may hold at most: its header carries the script (at most
    /// `TextFile.smallFileLimitBytes`, escaped).
    public static let defaultMaxLineBytes = 32 << 20

    public let path: String
    public let kind: String
    private let maxLineBytes: Int
    /// Nil when reading bytes already in memory (tests, the fuzzer).
    private let file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65_536)
    private var start = 0
    /// Bytes from `start` up to here hold no newline (a long line is not searched again).
    private var scanned = 0
    private var atEnd = false
    /// The 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Whether the line last returned ended with a newline (false: the file stopped inside it).
    public private(set) var lastLineEnded = true

    public init(path: String, kind: String, maxLineBytes: Int = LineReader.defaultMaxLineBytes) throws(InputError) {
        guard let file = fopen(path, "rb") else {
            throw InputError(source: path, message: access(path, F_OK) == 0 ? "cannot open the \(kind) (permission?)" : "no such \(kind) file")
        }
        self.path = path
        self.kind = kind
        self.maxLineBytes = maxLineBytes
        self.file = file
    }

    /// Lines of bytes in memory, read as a file's would be; `path` names them in messages.
    public init(bytes: [UInt8], path: String, kind: String, maxLineBytes: Int = LineReader.defaultMaxLineBytes) {
        self.path = path
        self.kind = kind
        self.maxLineBytes = maxLineBytes
        file = nil
        buffer = bytes
        atEnd = true
    }

    deinit { if let file { fclose(file) } }

    /// The next line, or nil at the end of the file.
    public mutating func next() throws(InputError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = newlineIndex(from: max(start, scanned)) {
                let line = buffer[start..<newline]
                start = newline + 1
                scanned = start
                lastLineEnded = true
                return finish(line)
            }
            scanned = buffer.count
            guard buffer.count - start <= maxLineBytes else {
                throw InputError(source: path, line: lineNumber + 1,
                                 message: "line longer than \(TextFile.describe(bytes: maxLineBytes)): not a \(kind)")
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lastLineEnded = false
                return finish(line)
            }
            try fill()
        }
    }

    /// memchr: a byte loop over an array is slow in a debug build, and /dev/zero is 32 MB of it.
    private func newlineIndex(from offset: Int) -> Int? {
        guard offset < buffer.count else { return nil }
        return buffer.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            return memchr(base + offset, 0x0A, raw.count - offset).map { UnsafeRawPointer($0) - base }
        }
    }

    private mutating func finish(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        lineNumber += 1
        var line = line
        if lineNumber == 1, line.starts(with: TextFile.byteOrderMark) { line = line.dropFirst(3) }
        if line.last == 0x0D { line = line.dropLast() }
        return line
    }

    /// Drops the lines already handed out and reads the next chunk after what is left.
    private mutating func fill() throws(InputError) {
        guard let file else { return atEnd = true }
        if start > 0 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        let chunkBytes = chunk.count
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, chunkBytes, file) }
        buffer.append(contentsOf: chunk[0..<count])
        if count < chunkBytes {
            if ferror(file) != 0 { throw InputError(source: path, message: "cannot read the \(kind) (is it a folder?)") }
            atEnd = true
        }
    }
}
