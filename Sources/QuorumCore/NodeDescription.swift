/// A protocol-neutral picture of one node, for views. Each protocol describes its nodes with this;
/// the shared views (cluster, logs, detail) draw nothing else, so a new protocol plugs in without
/// copying any view code.
public struct NodeDescription: Sendable, Equatable {
    /// How views tell roles apart, by colour and by glyph.
    public enum RoleKind: String, Sendable, Equatable {
        case leader, candidate, follower, replica
    }

    /// One entry of a replicated log (or one version of a key, for stores).
    public struct LogCell: Sendable, Equatable {
        public var index: Int
        public var term: Int
        public var committed: Bool
        public var label: String

        public init(index: Int, term: Int, committed: Bool, label: String) {
            self.index = index
            self.term = term
            self.committed = committed
            self.label = label
        }
    }

    /// What a leader knows of a follower's log (Raft's matchIndex and nextIndex).
    public struct Progress: Sendable, Equatable {
        public var node: NodeID
        public var match: Int
        public var next: Int

        public init(node: NodeID, match: Int, next: Int) {
            self.node = node
            self.match = match
            self.next = next
        }
    }

    /// The role in words, e.g. "leader".
    public var role: String
    public var roleKind: RoleKind
    /// A number that orders leaderships (Raft's term, PBFT's view), if the protocol has one.
    public var term: Int?
    public var commitIndex: Int?
    /// The whole log, oldest first (views show the tail that fits).
    public var log: [LogCell]
    /// On a leader: each follower's progress.
    public var progress: [Progress]
    /// Labelled facts for the detail panel, in display order (e.g. "votedFor" -> "n2").
    public var details: [(label: String, value: String)]
    /// The state machine's contents, sorted by key.
    public var contents: [(key: String, value: String)]

    public init(role: String, roleKind: RoleKind, term: Int? = nil, commitIndex: Int? = nil, log: [LogCell] = [],
                progress: [Progress] = [], details: [(label: String, value: String)] = [],
                contents: [(key: String, value: String)] = []) {
        self.role = role
        self.roleKind = roleKind
        self.term = term
        self.commitIndex = commitIndex
        self.log = log
        self.progress = progress
        self.details = details
        self.contents = contents
    }

    public static func == (lhs: NodeDescription, rhs: NodeDescription) -> Bool {
        lhs.role == rhs.role && lhs.roleKind == rhs.roleKind && lhs.term == rhs.term && lhs.commitIndex == rhs.commitIndex
            && lhs.log == rhs.log && lhs.progress == rhs.progress
            && lhs.details.map { "\($0.label)=\($0.value)" } == rhs.details.map { "\($0.label)=\($0.value)" }
            && lhs.contents.map { "\($0.key)=\($0.value)" } == rhs.contents.map { "\($0.key)=\($0.value)" }
    }
}

/// A node that can describe itself to views.
public protocol NodeDescribing {
    /// A picture of the node. `logTail` bounds how many of the newest log entries are included.
    func describe(logTail: Int) -> NodeDescription
}
