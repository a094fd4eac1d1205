import QuorumCore

/// One JSON object on one line, built by appending (much faster than JSONSerialization per event).
/// Callers add keys in sorted order.
struct JSONLine {
    private var text = "{"
    private var first = true

    mutating func add(_ key: String, string value: String) {
        separator()
        text += "\"" + key + "\":"
        JSONText.appendQuoted(value, to: &text)
    }

    mutating func add(_ key: String, number value: String) {
        separator()
        text += "\"" + key + "\":" + value
    }

    var finished: String { text + "}\n" }

    private mutating func separator() {
        if first { first = false } else { text += "," }
    }

}
