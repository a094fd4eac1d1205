/// How a node treats the others: honest, or a fault that the simulator applies to the effects of
/// each input it handles. Faults are inputs like crash and partition (`byzantine n1 silent` in a
/// script, a key in the UI, the sweep's fault injector), so they are recorded and replayed.
///
/// Two faults work for every protocol and are applied by the core: `silent` (the node receives
/// everything and sends nothing: no message, no client reply) and `delay` (everything it sends is
/// held back by `delayMicros` on top of the network's latency, so the others' timers expire). A
/// protocol adds its own (equivocate, lie) through `SimulatedNode.byzantineModes` and
/// `misbehave`, which may drop, rewrite, or send different messages to different peers.
public struct NodeBehaviour: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    /// `name` is a style key (lower-case letters, digits, dashes): scripts, recordings and themes use it.
    public init(_ name: String) {
        precondition(StyleKey.isValid(name), "a behaviour is named by a style key")
        self.name = name
    }

    public static let honest = NodeBehaviour("honest")
    public static let silent = NodeBehaviour("silent")
    public static let delay = NodeBehaviour("delay")
    /// What `delay` adds to every message the node sends.
    public static let delayMicros: Int64 = 400_000

    /// The faults every protocol has.
    public static let generic: [NodeBehaviour] = [.silent, .delay]

    public var isHonest: Bool { self == .honest }
    public var description: String { name }
}

extension SimulatedNode {
    /// Every behaviour a node of this protocol can have, honest first: what scripts accept and the
    /// UI's key cycles through.
    public static var behaviours: [NodeBehaviour] { [.honest] + NodeBehaviour.generic + byzantineModes }
}

extension Simulator {
    /// Applies a faulty node's behaviour to the effects of one input. Durable writes, timers and
    /// annotations are the node's own business and stay; what reaches others is changed.
    func misbehave(_ behaviour: NodeBehaviour, node id: NodeID, effects: inout [Effect]) {
        switch behaviour {
        case .honest, .delay: return  // delay acts when the messages are sent
        case .silent:
            effects.removeAll { effect in
                switch effect {
                case .send, .reply: return true
                default: return false
                }
            }
        default:
            let faulty = behaviours.indices.filter { !behaviours[$0].isHonest }.map { NodeID($0) }
            let adversary = Adversary(node: id, faulty: faulty, clusterSize: nodeCount)
            nodes[id.index].state.misbehave(behaviour, adversary: adversary, effects: &effects, random: &behaviourRandom)
        }
    }
}
