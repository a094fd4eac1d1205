/// A protocol's own kind of message, drawn with its family's glyph in a style of its own, so that
/// the legend can say what it is (a read repair is a replication message, but not a write).
extension NodeDescription {
    public struct MessageKind: Sendable, Equatable {
        /// The message's style key, as its `styleKey` gives it (`read-repair`: theme key `[message-read-repair]`).
        public var styleKey: String
        /// The family it belongs to: its glyph, and its look where a theme does not name the key.
        public var category: MessageCategory
        /// What it is, in a few words for the legend.
        public var meaning: String

        public init(styleKey: String, category: MessageCategory, meaning: String) {
            precondition(StyleKey.isValid(styleKey), "a style key")
            self.styleKey = styleKey
            self.category = category
            self.meaning = meaning
        }
    }
}
