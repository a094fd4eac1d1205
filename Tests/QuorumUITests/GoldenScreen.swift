import Foundation
import QuorumCore
import QuorumRaft
import QuorumUI
import Testing

/// Golden screens: a frame rendered at a fixed size for a fixed seed, compared with text kept in
/// `Golden/`. Set QUORUM_RECORD_GOLDEN=1 to write the files anew (then review the diff).
enum GoldenScreen {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["QUORUM_RECORD_GOLDEN"] == "1" }

    /// A live session on a 5-node Raft cluster, driven like the real loop: 33 ms frames at 1x.
    static func session(seed: UInt64, nodes: Int = 5, clients: Int = 3, until seconds: Double,
                        actions: [(at: Double, action: UIAction)] = []) -> LiveSession<RaftNode> {
        let config = SimulationConfig(nodeCount: nodes, seed: seed, workload: WorkloadSettings(clientCount: clients), node: RaftConfig())
        return drive(LiveSession(simulator: Simulator<RaftNode>(config: config), speedIndex: 9), until: seconds, actions: actions)
    }

    /// Runs a session like the real loop (33 ms frames), applying each action once its time comes.
    static func drive<Node>(_ session: LiveSession<Node>, until seconds: Double, actions: [(at: Double, action: UIAction)] = []) -> LiveSession<Node> {
        var pending = actions
        var wall: Int64 = 0
        session.advance(wallMicros: wall)
        while Double(session.simulator.now.micros) < seconds * 1_000_000 {
            wall += 33_000
            session.advance(wallMicros: wall)
            while let next = pending.first, Double(session.simulator.now.micros) >= next.at * 1_000_000 {
                session.update(next.action)
                pending.removeFirst()
            }
        }
        return session
    }

    static func render<Node>(_ session: LiveSession<Node>, width: Int, height: Int, glyphs: Glyphs = .unicode) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        FrameRenderer.render(session.snapshot(glyphs: glyphs, logTail: LogView.tailNeeded(width: width)), into: &buffer)
        return buffer
    }

    /// Compares with (or records) `Golden/<name>.txt`.
    static func check(_ buffer: CellBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = buffer.text + "\n"
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if actual != expected {
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("""
                golden screen \(name) differs (re-record with QUORUM_RECORD_GOLDEN=1 and review)
                first difference at line \((first?.offset ?? min(actualLines.count, expectedLines.count)) + 1):
                expected: \(first.map { String($0.element.1) } ?? "")
                actual:   \(first.map { String($0.element.0) } ?? "")
                """, sourceLocation: sourceLocation)
        }
    }

    /// The column where `text` starts on row `y`, if it does.
    static func find(_ text: String, in buffer: CellBuffer) -> (x: Int, y: Int)? {
        for y in 0..<buffer.height {
            let row = Array(buffer.rowText(y).unicodeScalars)
            let needle = Array(text.unicodeScalars)
            guard row.count >= needle.count else { continue }
            for x in 0...(row.count - needle.count) where Array(row[x..<(x + needle.count)]) == needle { return (x, y) }
        }
        return nil
    }
}
