/// A node's place on a ring of tokens (consistent hashing): the shared cluster view draws the
/// ring from this, the node at its token, coloured by its group, and a key's token on it.
extension NodeDescription {
    public struct RingPlacement: Sendable {
        /// The node's tokens as fractions of the ring, each in [0, 1), ascending.
        public var tokens: [Double]
        /// The node's group (datacenter) by index and name, and how many groups there are.
        public var group: Int
        public var groupName: String
        public var groupCount: Int
        /// The requests the node coordinates now, oldest first.
        public var coordinating: [Coordination]
        /// The fraction of the ring a key hashes to, in [0, 1) (the same on every node).
        public var keyPosition: @Sendable (String) -> Double
        /// How many writes the node holds for other replicas (hinted handoff), to show where a card
        /// has no room to say it.
        public var hintsHeld: Int = 0

        public init(tokens: [Double], group: Int, groupName: String, groupCount: Int, coordinating: [Coordination] = [],
                    keyPosition: @escaping @Sendable (String) -> Double) {
            precondition(tokens.allSatisfy { (0..<1).contains($0) } && (0..<max(1, groupCount)).contains(group), "fractions of the ring, a group")
            self.tokens = tokens.sorted()
            self.group = group
            self.groupName = groupName
            self.groupCount = groupCount
            self.coordinating = coordinating
            self.keyPosition = keyPosition
        }

        /// A place on the ring in percent with one decimal (`27.5%`), as cards and details say it.
        public static func percentText(permille: Int) -> String { "\(permille / 10).\(permille % 10)%" }

        /// The first request on `key` the node coordinates, if any.
        public func coordination(of key: String) -> Coordination? { coordinating.first { $0.key == key } }
    }

    /// A request a node coordinates: its key and its progress in words (`write QUORUM 1/2`).
    public struct Coordination: Sendable, Equatable {
        public var key: String
        public var progress: String
        /// The same, shorter, what changes first (`w 1/2 QUORUM`): where the long one would be cut.
        public var shortProgress: String

        public init(key: String, progress: String, shortProgress: String? = nil) {
            self.key = key
            self.progress = progress
            self.shortProgress = shortProgress ?? progress
        }
    }
}
