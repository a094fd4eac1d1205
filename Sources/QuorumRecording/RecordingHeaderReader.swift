import Foundation
import QuorumCore

/// Reads a recording's first line. The header is input like any other: each field is checked with
/// the rules of the command line option it stands for, and an error names the field. (The
/// protocol's own config values are checked by `RecordingValues` when a run is rebuilt from them.)
enum RecordingHeaderReader {
    static func header(_ object: [String: Any], path: String) throws(InputError) -> RecordingHeader {
        func fail(_ field: String, _ message: String) -> InputError { InputError(source: path, line: 1, field: field, message: message) }
        guard object["format"] as? String == RecordingHeader.formatName else {
            throw InputError(source: path, line: 1, message: "not a Quorum recording (format is not \"\(RecordingHeader.formatName)\")")
        }
        guard let version = wholeNumber(object["version"]).flatMap({ Int(exactly: $0) }), version >= 1 else {
            throw fail("version", "missing or not a positive whole number")
        }
        guard version <= RecordingHeader.formatVersion else {
            throw InputError(source: path, line: 1, message: "recording format version \(version) is newer than this Quorum reads (\(RecordingHeader.formatVersion)); upgrade Quorum")
        }
        guard let protocolName = object["protocol"] as? String else { throw fail("protocol", "missing or not a string") }
        // As `--seed`: a whole number from 0 to 2^64-1 (JSON's -1 is not 2^64-1).
        guard let seed = wholeNumber(object["seed"]) else { throw fail("seed", "missing or not a whole number from 0 to \(UInt64.max)") }
        // As `--nodes`.
        guard let nodes = wholeNumber(object["nodes"]).flatMap({ Int(exactly: $0) }), (1...64).contains(nodes) else {
            throw fail("nodes", "missing or not a cluster size from 1 to 64")
        }
        guard let config = object["config"] as? [String: String] else { throw fail("config", "missing or not an object of strings") }
        let scriptName = object["scriptName"]
        let scriptText = object["script"]
        guard scriptName == nil || scriptName is String else { throw fail("scriptName", "not a string") }
        guard scriptText == nil || scriptText is String else { throw fail("script", "not a string") }
        return RecordingHeader(quorumVersion: object["quorum"] as? String ?? "?", protocolName: protocolName, seed: seed,
                               nodeCount: nodes, config: config, scriptName: scriptName as? String, scriptText: scriptText as? String)
    }

    /// A JSON number that is a whole number from 0 to 2^64-1, read from its digits (an NSNumber
    /// converts -1 and 1.5 silently).
    static func wholeNumber(_ value: Any?) -> UInt64? {
        guard let number = value as? NSNumber, number.objCType.pointee != 0x63 else { return nil }  // "c": a boolean
        return UInt64(number.stringValue)
    }
}
