/// A reveal's or an expect's result under the caption: good ones in the committed colour.
public struct LessonNote: Sendable, Equatable {
    public var text: String
    public var good: Bool

    public init(_ text: String, good: Bool) {
        self.text = text
        self.good = good
    }
}
