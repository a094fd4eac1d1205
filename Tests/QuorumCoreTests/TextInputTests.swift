import Foundation
@testable import QuorumCore
import Testing

/// The shared reading points: line splitting, UTF-8 errors, size limits, duration bounds, sanitising.
@Suite("Text input")
struct TextInputTests {
    @Test func linesSplitAtLFAndCRLFAndDropTheByteOrderMark() {
        #expect(TextFile.lines("a\nb\n") == ["a", "b", ""])
        #expect(TextFile.lines("a\r\nb\r\n") == ["a", "b", ""])
        #expect(TextFile.lines("\u{FEFF}a\r\nb") == ["a", "b"])
        #expect(TextFile.lines("a\r\n\r\nb\nc") == ["a", "", "b", "c"])
    }

    /// Before: a CRLF script was one line, its first line a comment: nothing ran.
    @Test func crlfScriptParsesAsLF() throws {
        let text = "# a lesson\nat 1s kill n1\nevery 300ms from 2s until 3s heal\nat 4s say \"done\"\n"
        let parser = ScenarioParser(source: "l.txt", nodeCount: 3)
        let lf = try parser.parse(text)
        #expect(lf.steps.count == 3)
        #expect(try parser.parse("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")) == lf)
        do {
            _ = try parser.parse("\u{FEFF}# x\r\nat 1s kill n9\r\n")
            Issue.record("n9 is not in a 3-node cluster")
        } catch {
            #expect(error.description == "l.txt:2:12: unknown node 'n9' (the cluster has n1..n3)")
        }
    }

    @Test func invalidUTF8NamesLineAndColumnOfTheFirstBadByte() {
        let bytes = Array("ok\nné".utf8) + [0x80] + Array("x\n".utf8)
        #expect(throws: InputError(source: "f", line: 2, column: 3, message: "the script is not UTF-8 text (a bad byte here)")) {
            try TextFile.decode(bytes, source: "f", kind: "script")
        }
        #expect(UTF8Check.firstInvalidOffset(Array("aé€😀".utf8)[...]) == nil)
        #expect(UTF8Check.firstInvalidOffset([0x61, 0xED, 0xA0, 0x80]) == 1, "a surrogate")
        #expect(UTF8Check.firstInvalidOffset([0xC0, 0x80]) == 0, "an overlong form")
        #expect(UTF8Check.firstInvalidOffset([0x61, 0xE2, 0x82]) == 1, "cut short")
    }

    @Test func sizeLimitStopsEndlessFiles() throws {
        #expect(throws: InputError(source: "/dev/zero", message: "the script is larger than 4 MB, the most Quorum reads")) {
            try TextFile.read("/dev/zero", kind: "script")
        }
    }

    @Test func lineReaderStreamsLinesWithoutTheirEnds() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString)").path
        let long = String(repeating: "x", count: 200_000)
        try Data(("\u{FEFF}one\r\n\(long)\ntwo\r\nlast").utf8).write(to: URL(fileURLWithPath: path))
        var reader = try LineReader(path: path, kind: "recording")
        var lines: [String] = []
        while let line = try reader.next() { lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(lines == ["one", long, "two", "last"])
        let ended = reader.lastLineEnded
        #expect(!ended)
        var short = try LineReader(path: path, kind: "recording", maxLineBytes: 1_000)
        _ = try short.next()
        do {
            _ = try short.next()
            Issue.record("a line over the limit")
        } catch {
            #expect(error == InputError(source: path, line: 2, message: "line longer than 1000 bytes: not a recording"))
        }
    }

    /// Before: these overflowed 64 bits and trapped.
    @Test func durationsNeverOverflow() {
        #expect(DurationParsing.micros("153722867281m") == nil)
        #expect(DurationParsing.micros("999999999999m") == nil)
        #expect(DurationParsing.problem("999999999999m") == "'999999999999m' is too long (at most 1000000000s)")
        #expect(DurationParsing.micros("1000000000s") == DurationParsing.maxMicros)
        #expect(DurationParsing.micros("1000000000.000001s") == nil)
        #expect(DurationParsing.problem("12parsecs") == nil)
        #expect(DurationParsing.range("1ms..999999999999m") == nil)
        #expect(DurationParsing.rangeProblem("1ms..999999999999m") != nil)
        #expect(DecimalParsing.scaled("999999999999", by: 60_000_000) == nil)
        #expect(DecimalParsing.scaled("999999999999", by: 1_000_000) == 999_999_999_999_000_000)
    }

    @Test func safeTextReplacesEveryControlCharacter() {
        #expect(SafeText.oneLine("a\u{1B}[2Jb\nc\td\u{7F}\u{9B}e\u{2028}") == "a?[2Jb?c?d??e?")
        #expect(SafeText.keepingLines("a\u{1B}]0;t\u{07}\nb\r") == "a?]0;t?\nb?")
        #expect(SafeText.oneLine("naïve → ✓") == "naïve → ✓")
        let error = InputError(source: "x\u{1B}", line: 1, message: "bad '\u{1B}[2J'\nsecond")
        #expect(error.description == "x?:1: bad '?[2J'?second")
    }
}
