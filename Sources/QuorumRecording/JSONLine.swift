/// One JSON object on one line, built by appending (much faster than JSONSerialization per event).
/// Callers add keys in sorted order.
struct JSONLine {
    private var text = "{"
    private var first = true

    mutating func add(_ key: String, string value: String) {
        separator()
        text += "\"" + key + "\":"
        JSONLine.appendQuoted(value, to: &text)
    }

    mutating func add(_ key: String, number value: String) {
        separator()
        text += "\"" + key + "\":" + value
    }

    var finished: String { text + "}\n" }

    private mutating func separator() {
        if first { first = false } else { text += "," }
    }

    static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        var plain = true
        for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            plain = false
            break
        }
        if plain {
            text += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
