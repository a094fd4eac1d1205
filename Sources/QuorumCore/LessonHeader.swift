/// What a lesson says about itself: its title and topic for the shelf, and how to run it (the
/// words of `quorum run` after `run`, e.g. `<protocol> --clients 0 --duration 12s`).
public struct LessonHeader: Sendable, Equatable {
    public var title: String?
    public var topic: String?
    public var runWords: [String]?
    /// The line of `run`, for messages about its options.
    public var runLine: Int?

    public init() {}
}
