/// Something a protocol tells the event stream so that views and checkers need not infer it.
public struct Annotation: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The node changed role, e.g. to "leader" in `term`. `leads` marks the leading role.
        case role(name: String, term: Int, leads: Bool)
        /// Entries up to `index` are committed (known durable by a quorum).
        case commit(index: Int)
        case note(String)
        /// A replica judged an incoming version of `key` against its own: `order` is how the
        /// incoming version relates to what it holds, and `outcome` what it did about it.
        case compared(key: String, order: CausalOrder, incoming: String, local: String, outcome: String)
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public static func role(_ name: String, term: Int, leads: Bool = false) -> Annotation {
        Annotation(.role(name: name, term: term, leads: leads))
    }

    public static func commit(_ index: Int) -> Annotation { Annotation(.commit(index: index)) }

    public static func note(_ text: String) -> Annotation { Annotation(.note(text)) }

    public static func compared(_ key: String, _ order: CausalOrder, incoming: String, local: String, outcome: String) -> Annotation {
        Annotation(.compared(key: key, order: order, incoming: incoming, local: local, outcome: outcome))
    }

    public var description: String {
        switch kind {
        case .role(let name, let term, _): return "became \(name) term:\(term)"
        case .commit(let index): return "committed \(index)"
        case .note(let text): return text
        case .compared(let key, let order, let incoming, let local, let outcome):
            return "judged \(key): incoming \(incoming) \(order.rawValue) local \(local) -> \(outcome)"
        }
    }
}
