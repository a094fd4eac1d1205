/// What a cell means, not how it looks: a theme maps each role to colours and attributes, so that
/// views stay the same across themes and the golden tests can check meaning.
public enum StyleRole: UInt8, CaseIterable, Sendable {
    case normal, dim, title, border
    case header, headerAccent, caption, status, warning
    case leader, candidate, follower, replica, crashed, frozen, selected
    case messageElection, messageElectionReply, messageReplication, messageReplicationReply, messageClient, messageOther
    case dropped, partition
    case logCommitted, logUncommitted, logMatch, logNext
    case clockChanged
    case eventTime, eventFault, eventRole, eventClient, eventMessage
    case footer, footerKey, help, helpKey

    /// The key in theme files: `messageElection` -> "message-election".
    public var themeKey: String {
        var key = ""
        for character in String(describing: self) {
            if character.isUppercase {
                key += "-" + character.lowercased()
            } else {
                key.append(character)
            }
        }
        return key
    }
}

/// One terminal cell: a single Unicode scalar (already sanitised and measured) and its role.
/// A double-width scalar occupies its cell and marks the next one as its continuation.
public struct Cell: Equatable, Sendable {
    public var scalar: Unicode.Scalar
    public var style: StyleRole
    public var isContinuation: Bool

    public init(_ scalar: Unicode.Scalar = " ", _ style: StyleRole = .normal, isContinuation: Bool = false) {
        self.scalar = scalar
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func contains(x column: Int, y row: Int) -> Bool {
        column >= x && column < maxX && row >= y && row < maxY
    }

    /// The rows from `offset` on.
    public func dropTop(_ rows: Int) -> Rect { Rect(x: x, y: y + rows, width: width, height: height - rows) }
}
