import QuorumCore
import QuorumRaft
import QuorumUI
import Testing

/// `b` cycles the selected node through its protocol's behaviours, as an input like any other,
/// and the card and detail panel say which.
@Suite("Behaviour key")
struct BehaviourKeyTests {
    @Test func bCyclesTheSelectedNodeThroughItsBehaviours() throws {
        let session = GoldenScreen.session(seed: 1, until: 1.0)
        var inputs: [ClusterAction] = []
        session.simulator.inputObservers.append { _, _, action in inputs.append(action) }
        session.handle(.character("3"))
        let n3 = NodeID(2)
        #expect(RaftNode.behaviours == [.honest, .silent, .delay])
        for expected in [NodeBehaviour.silent, .delay, .honest] {
            session.handle(.character("b"))
            #expect(session.simulator.behaviours[n3.index] == expected)
        }
        #expect(inputs == [.behave(n3, .silent), .behave(n3, .delay), .behave(n3, .honest)])
        session.handle(.character("b"))
        let frame = GoldenScreen.render(session, width: 80, height: 24)
        #expect(GoldenScreen.find("⚠ silent", in: frame) != nil)
        let heading = try #require(GoldenScreen.find("FOLLOWER ⚠ silent", in: frame), "\n\(frame.text)")
        #expect(frame[heading.x + 9, heading.y].style == .warning && frame[heading.x, heading.y].style != .warning)
    }

    /// A silent node sends nothing: after it goes silent, no message leaves it.
    @Test func aSilentNodeSendsNothing() throws {
        let session = GoldenScreen.session(seed: 1, until: 1.0)
        let leader = try #require(session.simulator.leader)
        session.update(.cluster(.behave(leader, .silent)))
        var sentByIt = 0
        session.simulator.observers.append { event in
            if case .sent(let envelope) = event.kind, envelope.from == .node(leader) { sentByIt += 1 }
        }
        session.simulator.run(until: session.simulator.now.adding(micros: 2_000_000))
        #expect(sentByIt == 0)
        #expect(session.simulator.leader != leader)  // the others elected someone else
    }
}
