/// One configuration a sweep runs its seeds with (a store's pair of consistency levels): the
/// summary gives each its own column, and a failure's reproduce command names its options.
public struct SweepVariant<Config: Sendable>: Sendable {
    /// The column heading (`QUORUM/ONE`).
    public var label: String
    public var config: Config
    /// The protocol's options that run this variant alone, as they would be typed.
    public var words: [String]

    public init(label: String, config: Config, words: [String]) {
        self.label = label
        self.config = config
        self.words = words
    }
}
