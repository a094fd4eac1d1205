/// The characters views draw with: Unicode by default, ASCII when the locale is not UTF-8 or with
/// `--ascii`. Roles are always told apart by a letter too, so monochrome themes work.
public struct Glyphs: Sendable {
    public let leader: Unicode.Scalar
    public let candidate: Unicode.Scalar
    public let follower: Unicode.Scalar
    public let replica: Unicode.Scalar
    public let crashed: Unicode.Scalar
    public let frozen: Unicode.Scalar
    public let messageElection: Unicode.Scalar
    public let messageElectionReply: Unicode.Scalar
    public let messageReplication: Unicode.Scalar
    public let messageReplicationReply: Unicode.Scalar
    public let messageClient: Unicode.Scalar
    public let messageOther: Unicode.Scalar
    public let dropped: Unicode.Scalar
    public let timerFull: Unicode.Scalar
    public let timerEmpty: Unicode.Scalar
    public let horizontal: Unicode.Scalar
    public let vertical: Unicode.Scalar
    public let partition: Unicode.Scalar
    public let arrow: String
    public let separator: String
    public let play: String
    public let pause: String
    public let record: String
    public let clients: String
    /// Marks a key whose replicas hold different versions.
    public let differs: String
    /// Marks a node that misbehaves (a Byzantine mode, silent, delay).
    public var byzantine: String = "⚠"
    /// Ends text that was cut to fit.
    public var ellipsis: Unicode.Scalar = "…"
    /// The border of a node's boxed card and of the help box.
    public var boxCorners: [Unicode.Scalar] = ["┌", "┐", "└", "┘"]
    /// A log entry's match and next markers (drawn beside it, never over it).
    public var matchMarker: Unicode.Scalar = "▕"
    public var nextMarker: Unicode.Scalar = "›"
    /// Only ASCII may be drawn (protocol text on cards loses other characters).
    public var asciiOnly = false

    /// A protocol's text as this set can draw it: unchanged, or in ASCII (`‰` as `/1000`, `×` as
    /// `x`, `→` as `->`, any other non-ASCII character left out).
    public func plain(_ text: String) -> String {
        guard asciiOnly, !text.unicodeScalars.allSatisfy(\.isASCII) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "‰": result += "/1000"
            case "×": result += "x"
            case "→": result += "->"
            case "←": result += "<-"
            default: if scalar.isASCII { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
    /// Before a number of siblings (`3×`).
    public var times: String = "×"
    /// A link cut by a partition.
    public var cutLink: Unicode.Scalar = "╳"
    /// Links between nodes that slope up or down to the right.
    public var linkRising: Unicode.Scalar = "╱"
    public var linkFalling: Unicode.Scalar = "╲"
    /// Before the time of a live run viewed in the past.
    public var past: String = "◀"
    /// The ring of tokens: its arcs, a node's token on it, the selected key's token, and the mark
    /// of a node coordinating a request on that key.
    public var ringArc: Unicode.Scalar = "·"
    public var ringToken: Unicode.Scalar = "▪"
    public var ringKey: Unicode.Scalar = "◎"
    public var ringCoordinator: Unicode.Scalar = "◉"

    public static let unicode = Glyphs(
        leader: "★", candidate: "?", follower: "·", replica: "•", crashed: "✗", frozen: "❄",
        messageElection: "◇", messageElectionReply: "◆", messageReplication: "▸", messageReplicationReply: "◂",
        messageClient: "●", messageOther: "•", dropped: "✗", timerFull: "▰", timerEmpty: "▱",
        horizontal: "─", vertical: "│", partition: "┊", arrow: "→", separator: " · ", play: "▶", pause: "⏸",
        record: "●", clients: "⌂ clients", differs: "≠")

    public static let ascii = Glyphs(
        leader: "*", candidate: "?", follower: ".", replica: "o", crashed: "X", frozen: "Z",
        messageElection: "v", messageElectionReply: "V", messageReplication: ">", messageReplicationReply: "<",
        messageClient: "@", messageOther: "o", dropped: "x", timerFull: "#", timerEmpty: "-",
        horizontal: "-", vertical: "|", partition: ":", arrow: "->", separator: " | ", play: ">", pause: "||",
        record: "REC", clients: "[clients]", differs: "!=", byzantine: "!", ellipsis: "~", boxCorners: ["+", "+", "+", "+"],
        matchMarker: "|", nextMarker: ">", asciiOnly: true, times: "x", cutLink: "x", linkRising: "/", linkFalling: "\\", past: "<<",
        ringArc: ".", ringToken: "+", ringKey: "K", ringCoordinator: "C")
}
