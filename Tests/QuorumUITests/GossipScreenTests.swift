import Foundation
import QuorumCore
import QuorumGossip
import QuorumUI
import Testing

/// The store's views through the shared UI: key table, disagreement marker, judgment badges.
@Suite("Gossip screens")
struct GossipScreenTests {
    static func session(until seconds: Double, resolution: GossipConfig.Resolution = .siblings) -> LiveSession<GossipNode> {
        let config = SimulationConfig(nodeCount: 3, seed: 1, node: GossipConfig(resolution: resolution))
        let n1 = NodeID(0), n2 = NodeID(1), n3 = NodeID(2)
        return GoldenScreen.drive(LiveSession(simulator: Simulator<GossipNode>(config: config), speedIndex: 9), until: seconds, actions: [
            (1.0, .cluster(.partition([[n1], [n2, n3]]))),
            (2.0, .cluster(.request(n1, .set(key: "k", value: "left")))),
            (2.2, .cluster(.request(n3, .set(key: "k", value: "right")))),
            (3.0, .cluster(.heal)),
        ])
    }

    @Test("during the partition the key is marked as differing between replicas")
    func partitionedKeyDiffers() throws {
        let buffer = GoldenScreen.render(Self.session(until: 2.8), width: 80, height: 24)
        try GoldenScreen.check(buffer, "gossip-partitioned-80x24")
        let marker = try #require(GoldenScreen.find("≠ differs", in: buffer))
        #expect(buffer[marker.x, marker.y].style == .warning)
        #expect(GoldenScreen.find("left [1,0,0]", in: buffer) != nil)
        #expect(GoldenScreen.find("right [0,0,1]", in: buffer) != nil)
    }

    @Test("after the heal every replica shows both siblings, and the marker is gone")
    func healedSiblings() throws {
        let buffer = GoldenScreen.render(Self.session(until: 4.5), width: 120, height: 40)
        try GoldenScreen.check(buffer, "gossip-siblings-120x40")
        #expect(GoldenScreen.find("≠ differs", in: buffer) == nil)
        let siblings = try #require(GoldenScreen.find("left[1,0,0]|right[0,0,1]", in: buffer))
        #expect(buffer[siblings.x, siblings.y].style == .warning)
        #expect(buffer.text.components(separatedBy: "left[1,0,0]|right[0,0,1]").count - 1 == 3)
    }

    @Test("a fresh concurrent judgment shows on the node card")
    func concurrentBadge() throws {
        // The first moment after the heal when some replica has just judged a version concurrent.
        let session = try #require(stride(from: 3.1, through: 5.0, by: 0.1).lazy.map { Self.session(until: $0) }.first { session in
            session.simulator.nodes.contains { $0.state.lastJudgment?.order == .concurrent }
        })
        let buffer = GoldenScreen.render(session, width: 80, height: 24)
        let badge = GoldenScreen.find("CONC", in: buffer)
        #expect(badge != nil, "no CONC badge on any card")
        if let badge { #expect(buffer[badge.x, badge.y].style == .warning) }
    }

    @Test("lww: after the heal one value, no siblings")
    func lwwOneValue() throws {
        let buffer = GoldenScreen.render(Self.session(until: 4.5, resolution: .lww), width: 80, height: 24)
        #expect(!buffer.text.contains("]|"), "no siblings")
        #expect(buffer.text.components(separatedBy: "right [1,0,1]").count - 1 == 3)
    }
}

/// The acceptance rule of the second protocol: the core and the shared UI know no protocol by name.
@Suite("Protocol neutrality")
struct ProtocolNeutralityTests {
    @Test("no Raft name or type appears in the core or the shared UI code", arguments: ["QuorumCore", "QuorumUI", "QuorumTerminal"])
    func noRaftNames(target: String) throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources").appendingPathComponent(target)
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.lowercased().contains("raft") || line.contains("Gossip") {
                Issue.record("\(target)/\(file):\(number + 1) names a protocol: \(line)")
            }
        }
    }
}
