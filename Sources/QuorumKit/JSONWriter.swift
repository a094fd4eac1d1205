import QuorumCore

/// A JSON object whose keys keep the order they were added in, so output is stable and readable.
struct JSONObject {
    private var members: [(String, String)] = []

    mutating func add(_ key: String, _ value: String) { members.append((key, JSONObject.quote(value))) }
    mutating func add(_ key: String, _ value: Int) { members.append((key, String(value))) }
    mutating func add(_ key: String, _ value: UInt64) { members.append((key, String(value))) }
    mutating func add(_ key: String, _ value: Bool) { members.append((key, value ? "true" : "false")) }
    mutating func add(_ key: String, _ value: Double) { members.append((key, JSONObject.number(value))) }
    mutating func add(_ key: String, _ value: [String]) {
        members.append((key, "[" + value.map(JSONObject.quote).joined(separator: ",") + "]"))
    }
    mutating func add(_ key: String, raw value: String) { members.append((key, value)) }

    var text: String {
        "{" + members.map { JSONObject.quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func quote(_ text: String) -> String { JSONText.quoted(text) }
}
