/// A part of a node's picture that the protocol lays out itself: the shared views draw every kind
/// of panel and the recorder writes them generically, so a protocol with slots, certificates or
/// hints of its own needs no view or recorder code. Each cell may carry a style key (`phase-prepared`
/// for themes), falling back to the shared look.
public struct NodePanel: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        /// Labelled facts, one per line (`view 3`, `primary n4`).
        case facts([Fact])
        /// A table: column headings, then rows of cells.
        case table(columns: [String], rows: [[Cell]])
        /// Numbered slots, each in a phase (a sequence number pre-prepared, prepared, committed...).
        case slots([Slot])
        /// A log strip of the protocol's own (a second log, a slot log): entries with their term
        /// (or ballot, view) and whether they are committed, oldest first.
        case log([NodeDescription.LogCell])
    }

    public struct Fact: Sendable, Equatable {
        public var label: String
        public var value: String

        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public struct Cell: Sendable, Equatable {
        public var text: String
        /// A theme key of the protocol's (`phase-prepared`), or nil for the normal look.
        public var styleKey: String?

        public init(_ text: String, styleKey: String? = nil) {
            self.text = text
            self.styleKey = styleKey
        }
    }

    public struct Slot: Sendable, Equatable {
        public var number: Int
        /// The phase as a theme key (`prepared`); themes style it as `phase-prepared`.
        public var phase: String
        /// A short label drawn in the slot (`P 2/2`).
        public var label: String

        public init(number: Int, phase: String, label: String) {
            self.number = number
            self.phase = phase
            self.label = label
        }
    }

    public var title: String
    public var content: Content

    public init(title: String, content: Content) {
        self.title = title
        self.content = content
    }
}
