/// A claim about the simulation at one moment, in words a protocol does not have to know about:
/// node facts come from what each node says of itself (`NodeDescribing.lessonFacts`), so a
/// protocol offers new conditions by describing new facts, with no change here.
///
///     CONDITION := NODE FACT [OP] VALUE                  n2 role follower · n2 log-length >= 3
///                | "leader" (NODE | "none")              leader n3 · leader none
///                | "leader" FACT [OP] VALUE              leader term 3
///                | "key" KEY [OP] VALUE ["on" WHERE]     key x = 3 on majority ("committed" reads the same)
///                | "key" KEY "siblings" [OP] N ["on" WHERE]
///                | "key" KEY "vector" [OP] VECTORS ["on" WHERE]   key k vector [2,0,1] on n1
///                | "count" FACT [OP] VALUE ["is"] [OP] N nodes whose fact matches: count role leader 0
///                | "history" VERDICT                     linearizable, not-linearizable,
///                                                        sequentially-consistent, not-sequentially-consistent
///                | "session" GUARANTEE ("kept" | "broken")  read-your-writes, monotonic-reads,
///                                                        monotonic-writes, writes-follow-reads
///                | "safety" ("kept" | "broken")          the protocol's own safety across nodes
///                                                        (`SimulatedNode.safetyViolation`)
///                | "read" KEY "returned" [OP] VALUE      the newest completed read of KEY: read x returned 1
///                | "op" N "returned" [OP] VALUE         operation N of the history (op21 in the event log)
///     OP    := "=" | "!=" | "<" | "<=" | ">" | ">="      (numbers compare as numbers)
///     WHERE := "majority" | "all" | "any" | NODE | a number of nodes
///
/// A node's facts also include `status` (up, crashed, frozen), `clock` (its vector clock of
/// events, `[3,1,0]`) and `lamport`.
public struct LessonCondition: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, Equatable, CaseIterable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

        /// Numbers compare as numbers, anything else as text (equal or not only).
        public func holds(_ actual: String, _ expected: String) -> Bool {
            if let a = Double(actual), let b = Double(expected) {
                switch self {
                case .equal: return a == b
                case .notEqual: return a != b
                case .less: return a < b
                case .lessOrEqual: return a <= b
                case .greater: return a > b
                case .greaterOrEqual: return a >= b
                }
            }
            switch self {
            case .equal: return actual.lowercased() == expected.lowercased()
            case .notEqual: return actual.lowercased() != expected.lowercased()
            default: return false
            }
        }
    }

    /// Which nodes a key condition asks about.
    public enum Place: Sendable, Equatable, CustomStringConvertible {
        case majority, all, any
        case node(NodeID)
        case atLeast(Int)

        public var description: String {
            switch self {
            case .majority: return "majority"
            case .all: return "all"
            case .any: return "any"
            case .node(let node): return node.description
            case .atLeast(let count): return String(count)
            }
        }
    }

    public enum Kind: Sendable, Equatable {
        case nodeFact(NodeID, fact: String, Comparison, String)
        case leaderIs(NodeID?)
        case leaderFact(fact: String, Comparison, String)
        case keyValue(key: String, Comparison, String, on: Place)
        case siblings(key: String, Comparison, Int, on: Place)
        /// The version vectors a node keeps for a key, joined by `|` (`[2,0,1]`).
        case vectors(key: String, Comparison, String, on: Place)
        case count(fact: String, Comparison, String, Comparison, Int)
        case history(String)
        case session(String, kept: Bool)
        case safety(kept: Bool)
        /// What the newest completed read of a key returned (`none` for a key that did not exist).
        case readReturned(key: String, Comparison, String)
        /// What operation N of the history returned (see `LessonJudge.returned`).
        case operationReturned(Int, Comparison, String)
    }

    public static let verdicts = ["linearizable", "not-linearizable", "sequentially-consistent", "not-sequentially-consistent"]
    public static let guarantees = ["read-your-writes", "monotonic-reads", "monotonic-writes", "writes-follow-reads"]

    public let kind: Kind
    /// The condition as written (with a prediction's choice in place of `?`).
    public let text: String

    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }

    public var description: String { text }
}
