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

    /// What a leader knows of a follower's log (a match index and a next index).
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

    /// One key of a store that keeps versions: every version it holds (several when concurrent).
    public struct KeyRow: Sendable, Equatable {
        public struct Version: Sendable, Equatable {
            public var value: String
            /// The version's vector, e.g. `[1,0,2]`.
            public var clock: String

            public init(value: String, clock: String) {
                self.value = value
                self.clock = clock
            }
        }

        public var key: String
        public var versions: [Version]

        public init(key: String, versions: [Version]) {
            self.key = key
            self.versions = versions
        }
    }

    /// How a node judged the last version it received against its own.
    public struct Judgment: Sendable, Equatable {
        public var key: String
        public var from: NodeID
        public var order: CausalOrder
        public var outcome: String
        /// When it happened (simulated time), so views can show it while it is fresh.
        public var atMicros: Int64

        public init(key: String, from: NodeID, order: CausalOrder, outcome: String, atMicros: Int64) {
            self.key = key
            self.from = from
            self.order = order
            self.outcome = outcome
            self.atMicros = atMicros
        }
    }

    /// The role in words, e.g. "leader".
    public var role: String
    public var roleKind: RoleKind
    /// A number that orders leaderships (a term or a view number), if the protocol has one.
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
    /// For stores that keep versions: every key with its versions, sorted by key. Views show this
    /// table instead of log strips when it is present.
    public var keyTable: [KeyRow]?
    public var judgment: Judgment?
    /// The protocol's own role as a theme key (`primary`): themes may style `role-primary`; where
    /// they do not, the role looks like its `roleKind`.
    public var roleStyleKey: String?
    /// Panels the protocol lays out itself, in display order (the detail view draws them).
    public var panels: [NodePanel] = []
    /// A few short facts for the node's card on a big screen, most telling first (`votes n1 n3 ✓ 2/3`,
    /// `votedFor n2`). Each fits about 16 columns; views cut what does not fit. Views only: derived
    /// from state the details already show, so it is neither recorded nor compared (`==` ignores
    /// it, and a description read back from a recording equals the one it was written from).
    public var cardFacts: [NodePanel.Fact] = []
    /// Whether the node is meant to hold a key (a replica of it), where a protocol places each key
    /// on some nodes only; nil: every node holds every key. The key table compares only the nodes
    /// meant to hold a key, and shows a gap where a node does not by design, `-` where one lacks it.
    /// A function of the configuration, so, like `cardFacts`, neither recorded nor compared.
    public var holdsKey: (@Sendable (String) -> Bool)? = nil
    /// Where a protocol that places keys on a ring of tokens puts this node: its tokens, its group
    /// (datacenter), the keys it coordinates; views draw the ring from it. Like `holdsKey`, neither
    /// recorded nor compared (the configuration and the panels already determine it).
    public var ring: RingPlacement? = nil
    /// The protocol's own kinds of message (a read repair, a hint) that a theme styles apart from
    /// their family (`[message-read-repair]`): the legend explains each. Views only, like `ring`.
    public var messageKinds: [MessageKind] = []

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

    /// Compared field by field (the recorder compares a node's description after every step), except
    /// `cardFacts`, which the other fields determine, and `holdsKey` and `ring`, which the configuration
    /// and the panels do.
    public static func == (lhs: NodeDescription, rhs: NodeDescription) -> Bool {
        lhs.role == rhs.role && lhs.roleKind == rhs.roleKind && lhs.term == rhs.term && lhs.commitIndex == rhs.commitIndex
            && lhs.log == rhs.log && lhs.progress == rhs.progress
            && samePairs(lhs.details, rhs.details) && samePairs(lhs.contents, rhs.contents)
            && lhs.keyTable == rhs.keyTable && lhs.judgment == rhs.judgment
            && lhs.roleStyleKey == rhs.roleStyleKey && lhs.panels == rhs.panels
    }

    private static func samePairs(_ lhs: [(String, String)], _ rhs: [(String, String)]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// A node that can describe itself to views.
public protocol NodeDescribing {
    /// A picture of the node. `logTail` bounds how many of the newest log entries are included.
    func describe(logTail: Int) -> NodeDescription

    /// Whether the primary timer firing is news worth a line in the event log (an election
    /// timeout is; a routine anti-entropy round is not).
    static var primaryTimerIsNotable: Bool { get }

    /// Whether the protocol has leaders (a leaderless store has none): the UI offers "kill the
    /// leader" only where there can be one.
    static var electsLeaders: Bool { get }

    /// A cheap summary that changes whenever `describe` would return something else. A recorder
    /// notes a node's state after every step, and describes it again only when this changed.
    /// Nil (the default): unknown, so the node is described every time.
    var descriptionFingerprint: UInt64? { get }

    /// Named facts a lesson's `expect` can test (`n2 role follower`). The default derives them from
    /// `describe` (see `NodeDescription.lessonFacts`); a protocol adds its own by returning more.
    func lessonFacts() -> [NodePanel.Fact]
}

extension NodeDescribing {
    public static var primaryTimerIsNotable: Bool { true }
    public static var electsLeaders: Bool { true }
    public var descriptionFingerprint: UInt64? { nil }
}
