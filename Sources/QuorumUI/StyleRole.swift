import Synchronization

/// What a cell means, not how it looks: a theme maps each role to colours and attributes, so that
/// views stay the same across themes and the golden tests can check meaning.
///
/// The built-in roles are the shared views' own. A protocol brings roles of its own by key
/// (`role-primary`, `message-pre-prepare`, `phase-prepared`), each with a built-in role to fall
/// back on, so a theme that never heard of the protocol still draws it sensibly and a theme file
/// may style the key (`[message-pre-prepare]`) without anything else being edited.
public struct StyleRole: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    private init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// A role by raw value, for backends that walk every role up to `count`.
    public init(rawValue: UInt16) {
        precondition(Int(rawValue) < Self.count, "a registered role")
        self.rawValue = rawValue
    }

    public static let normal = StyleRole(0), dim = StyleRole(1), title = StyleRole(2), border = StyleRole(3)
    public static let header = StyleRole(4), headerAccent = StyleRole(5), caption = StyleRole(6), status = StyleRole(7), warning = StyleRole(8)
    public static let leader = StyleRole(9), candidate = StyleRole(10), follower = StyleRole(11), replica = StyleRole(12)
    public static let crashed = StyleRole(13), frozen = StyleRole(14), selected = StyleRole(15)
    public static let messageElection = StyleRole(16), messageElectionReply = StyleRole(17), messageReplication = StyleRole(18)
    public static let messageReplicationReply = StyleRole(19), messageClient = StyleRole(20), messageOther = StyleRole(21)
    public static let dropped = StyleRole(22), partition = StyleRole(23)
    public static let logCommitted = StyleRole(24), logUncommitted = StyleRole(25), logMatch = StyleRole(26), logNext = StyleRole(27)
    public static let clockChanged = StyleRole(28)
    public static let eventTime = StyleRole(29), eventFault = StyleRole(30), eventRole = StyleRole(31), eventClient = StyleRole(32)
    public static let eventMessage = StyleRole(33)
    public static let footer = StyleRole(34), footerKey = StyleRole(35), help = StyleRole(36), helpKey = StyleRole(37)
    /// The faint line between two nodes that messages travel along.
    public static let link = StyleRole(38)
    /// Log entries by term, a small palette that cycles: uncommitted ones hollow (coloured text),
    /// committed ones solid (the colour as background), so the two differ without colour too.
    public static let logTerms = (0..<6).map { StyleRole(UInt16(39 + $0)) }
    public static let logTermsCommitted = (0..<6).map { StyleRole(UInt16(45 + $0)) }
    /// The ring of tokens: a colour per group of nodes (datacenter), cycling; the selected key's
    /// token; the name of a node that is one of its replicas; the mark of its coordinator.
    public static let ringGroups = (0..<4).map { StyleRole(UInt16(51 + $0)) }
    public static let ringKey = StyleRole(55), ringReplica = StyleRole(56), ringCoordinator = StyleRole(57)

    /// The colour of group `index` (they cycle).
    public static func ringGroup(_ index: Int) -> StyleRole { ringGroups[((index % ringGroups.count) + ringGroups.count) % ringGroups.count] }

    /// The theme keys of the built-in roles, in raw-value order.
    static let builtInKeys = [
        "normal", "dim", "title", "border", "header", "header-accent", "caption", "status", "warning",
        "leader", "candidate", "follower", "replica", "crashed", "frozen", "selected",
        "message-election", "message-election-reply", "message-replication", "message-replication-reply", "message-client", "message-other",
        "dropped", "partition", "log-committed", "log-uncommitted", "log-match", "log-next", "clock-changed",
        "event-time", "event-fault", "event-role", "event-client", "event-message", "footer", "footer-key", "help", "help-key",
        "link", "log-term-0", "log-term-1", "log-term-2", "log-term-3", "log-term-4", "log-term-5",
        "log-committed-0", "log-committed-1", "log-committed-2", "log-committed-3", "log-committed-4", "log-committed-5",
        "ring-dc-0", "ring-dc-1", "ring-dc-2", "ring-dc-3", "ring-key", "ring-replica", "ring-coordinator",
    ]

    /// The look of a log entry of `term`: its term's colour, solid when committed.
    public static func logTerm(_ term: Int, committed: Bool) -> StyleRole {
        let slot = ((term % logTerms.count) + logTerms.count) % logTerms.count
        return committed ? logTermsCommitted[slot] : logTerms[slot]
    }

    /// Every built-in role.
    public static let allCases: [StyleRole] = (0..<UInt16(builtInKeys.count)).map { StyleRole($0) }

    /// Keys a protocol added, with their fallbacks, in the order they were first asked for. Raw
    /// values past the built-in ones index it. Only views read it; it never reaches a result.
    private static let keyed = Mutex<[(key: String, fallback: StyleRole)]>([])

    /// The role for a protocol's key (`message-pre-prepare`), registered on first use, looking like
    /// `fallback` in themes that do not name the key. Keys are theme keys: lower case and dashes.
    public static func keyed(_ key: String, fallback: StyleRole) -> StyleRole {
        if let index = builtInKeys.firstIndex(of: key) { return StyleRole(UInt16(index)) }
        return keyed.withLock { roles in
            if let index = roles.firstIndex(where: { $0.key == key }) { return StyleRole(UInt16(builtInKeys.count + index)) }
            roles.append((key, fallback))
            precondition(builtInKeys.count + roles.count < Int(UInt16.max), "style keys are few")
            return StyleRole(UInt16(builtInKeys.count + roles.count - 1))
        }
    }

    public var isBuiltIn: Bool { Int(rawValue) < Self.builtInKeys.count }

    /// The key in theme files: `messageElection` is "message-election".
    public var themeKey: String {
        if isBuiltIn { return Self.builtInKeys[Int(rawValue)] }
        return Self.keyed.withLock { $0[Int(rawValue) - Self.builtInKeys.count].key }
    }

    /// The built-in role a protocol's role looks like where a theme does not name it (itself if built in).
    public var fallback: StyleRole {
        if isBuiltIn { return self }
        return Self.keyed.withLock { $0[Int(rawValue) - Self.builtInKeys.count].fallback }.fallback
    }

    /// How many roles exist now (built-in and keyed), for backends that prepare one colour pair each.
    public static var count: Int { builtInKeys.count + keyed.withLock { $0.count } }

    public var description: String { themeKey }
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
