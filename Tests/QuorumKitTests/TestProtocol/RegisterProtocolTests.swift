import Foundation
import QuorumCore
@testable import QuorumKit
@testable import QuorumRecording
import QuorumUI
import Testing

/// A protocol registered from the test target runs through every path of the program: the
/// command line (run, sweep, replay), recordings, the behaviour layer, the protocol's own client,
/// and the shared UI, with no file outside this folder knowing it.
@Suite("Test-only protocol through the registry", .serialized)
struct RegisterProtocolTests {
    init() { RegisterDescriptor.register() }

    private func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) { QuorumMain.run(arguments) }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func runHeadlessJSONHasTheCommonKeysAndItsOwn() throws {
        let result = run(["run", "register", "--headless", "--json", "--duration", "5s", "--loss", "0.05"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result.stdout)
        for key in ["protocol", "seed", "nodes", "simulatedMillis", "events", "messagesSent", "messagesDelivered", "messagesDropped",
                    "clientOpsOk", "clientOpsFailed", "clientOpsUnknown", "violations", "linearizable", "eventsPerSecond", "applied"] {
            #expect(summary[key] != nil, "missing \(key)")
        }
        #expect(summary["protocol"] as? String == "register")
        #expect(summary["nodes"] as? Int == 3)
        #expect((summary["clientOpsOk"] as? Int ?? 0) > 20)
        #expect(summary["linearizable"] as? Bool == true)
        #expect((summary["violations"] as? [String])?.isEmpty == true)
    }

    @Test func helpListsItsOwnOptionsAndTheParserRefusesOthers() {
        let help = run(["run", "register", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--heartbeat") && !help.stdout.contains("--pre-vote") && !help.stdout.contains("--resolve"))
        let listing = run(["run", "--help"])
        #expect(listing.stdout.contains("register"))
        let refused = run(["run", "register", "--headless", "--pre-vote"])
        #expect(refused.status == 2 && refused.stderr == "quorum: Unknown option '--pre-vote' (see 'quorum run register --help')\n", "\(refused.stderr)")
        let size = run(["run", "register", "--headless", "--nodes", "1"])
        #expect(size.status == 2 && size.stderr.contains("--nodes: 1: the register runs on 2 to 9 nodes"))
    }

    @Test func sweepRunsEverySeedWithFaults() {
        let result = run(["sweep", "register", "--seeds", "1..12", "--safety", "4s", "--liveness", "6s"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("12 seeds, 0 failed"), "\(result.stdout)")
    }

    /// Sweeps inject the protocol's own Byzantine modes too: with one liar allowed, the register's
    /// `lie` is drawn on some seeds and the checker catches it (the sweep is not blind).
    @Test func sweepWithAByzantineNodeFindsTheLie() {
        let result = run(["sweep", "register", "--seeds", "1..12", "--safety", "4s", "--liveness", "6s", "--byzantine", "1"])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("not linearizable") && result.stdout.contains("--byzantine 1"), "\(result.stdout)")
        let refused = run(["sweep", "register", "--seeds", "1..2", "--byzantine", "9"])
        #expect(refused.status == 2 && refused.stderr.contains("--byzantine: 9 is not a number of nodes; use 0 to 3"), "\(refused.stderr)")
    }

    /// The behaviour layer: a lying primary (this protocol's own Byzantine mode) is caught by the
    /// linearizability checker, and a silent one (a mode every protocol has) stops all answers.
    @Test func byzantineModesAreInputsAndTheCheckerCatchesALie() throws {
        let lie = try QuorumBinaryFiles.file("lie.txt", "at 1s byzantine n1 lie\nevery 100ms request get x\nevery 170ms request set x 1\n")
        let lying = run(["run", "register", "--headless", "--json", "--script", lie, "--duration", "3s"])
        #expect(lying.status == 1)
        #expect(try json(lying.stdout)["linearizable"] as? Bool == false)
        let silent = try QuorumBinaryFiles.file("silent.txt", "at 0s byzantine n1 silent\nat 100ms request set x 1\n")
        let quiet = try json(run(["run", "register", "--headless", "--json", "--script", silent, "--duration", "6s"]).stdout)
        #expect(quiet["clientOpsOk"] as? Int == 0 && quiet["clientOpsUnknown"] as? Int == 1)
        let unknown = try QuorumBinaryFiles.file("bad.txt", "at 1s byzantine n1 equivocate\n")
        let refused = run(["run", "register", "--headless", "--script", unknown])
        #expect(refused.status == 2 && refused.stderr.contains("bad.txt:1:20: unknown behaviour 'equivocate' (this protocol has silent, delay, lie"), "\(refused.stderr)")
    }

    /// Every kind of panel survives the recording: written to a state line and read back the same.
    @Test func panelsRoundTripThroughTheRecordingFormat() throws {
        let panels = [
            NodePanel(title: "facts", content: .facts([.init("view", "3"), .init("quote", "say \"hi\"\n")])),
            NodePanel(title: "table", content: .table(columns: ["k", "v"], rows: [[.init("x"), .init("1", styleKey: "phase-write")]])),
            NodePanel(title: "slots", content: .slots([.init(number: 7, phase: "prepared", label: "P 2/2")])),
            NodePanel(title: "log", content: .log([.init(index: 1, term: 2, committed: true, label: "set x 1"), .init(index: 2, term: 3, committed: false, label: "")])),
        ]
        var bytes: [UInt8] = []
        NodePanelText.write(panels, &bytes)
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes))
        #expect(NodePanelText.read(parsed) == panels)
        #expect(NodePanelText.read([["title": "x", "slots": [[1, "p"]]]]) == nil)  // a malformed slot is refused
    }

    /// Recorded with a partition between datacenters and a Byzantine node, then verified event
    /// for event by re-simulating from the recording.
    @Test func recordingVerifies() throws {
        let script = try QuorumBinaryFiles.file("faults.txt", "at 1s partition dc1 | dc2\nat 2s byzantine n2 delay\nat 3s heal\nat 4s honest n2\n")
        let path = QuorumBinaryFiles.directory.appendingPathComponent("register.jsonl").path
        let recorded = run(["run", "register", "--headless", "--datacenters", "2", "--script", script, "--clients", "2", "--duration", "5s",
                            "--record", path])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"cat\":\"replication:replicate\"") && text.contains("\"panels\":") && text.contains("\"roleKey\":\"primary\""))
        let verified = run(["replay", path, "--verify"])
        #expect(verified.status == 0 && verified.stdout.contains("verified"), "\(verified.stdout)\(verified.stderr)")
        let summary = run(["replay", path, "--headless", "--json"])
        #expect(summary.status == 0 && summary.stderr.isEmpty, "\(summary.stderr)")
    }

    /// Three nodes after 2 s of the default workload, drawn at a size.
    private func frame(width: Int, height: Int) throws -> CellBuffer {
        let config = SimulationConfig(nodeCount: 3, seed: 1, workload: RegisterNode.workload(clients: 2), node: RegisterNode.Config())
        let session = LiveSession(simulator: Simulator<RegisterNode>(config: config), speedIndex: 9)
        var wall: Int64 = 0
        session.advance(wallMicros: wall)
        while session.simulator.now < .seconds(2) {
            wall += 33_000
            session.advance(wallMicros: wall)
        }
        var buffer = CellBuffer(width: width, height: height)
        FrameRenderer.render(session.snapshot(logTail: LogView.tailNeeded(width: width)), into: &buffer)
        if ProcessInfo.processInfo.environment["QUORUM_RECORD_GOLDEN"] == "1" {
            try buffer.text.write(toFile: "/tmp/register-golden-\(width)x\(height).txt", atomically: true, encoding: .utf8)
        }
        return buffer
    }

    /// On a larger screen every panel of the protocol's own shows: facts, slots, a log strip, a table.
    @Test func goldenScreen120x40ShowsEveryKindOfPanel() throws {
        let buffer = try frame(width: 120, height: 40)
        #expect(buffer.text == Self.golden120x40, "\n\(buffer.text)")
    }

    @Test func goldenScreen80x24() throws {
        let buffer = try frame(width: 80, height: 24)
        #expect(buffer.text == Self.golden80x24, "\n\(buffer.text)")
        // The protocol's own keys style its cells, falling back to the shared roles in a theme that does not name them.
        let primary = StyleRole.keyed("role-primary", fallback: .leader)
        #expect(buffer.cells.contains { $0.scalar == "★" && $0.style == primary })
        #expect(primary.fallback == .leader)
        #expect(buffer.cells.contains { $0.style == StyleRole.keyed("phase-write", fallback: .normal) })
    }

    /// Three nodes after 2 s: the primary's own panels in the detail view (re-record with
    /// QUORUM_RECORD_GOLDEN=1, which writes /tmp/register-golden-80x24.txt, and review).
    /// Every kind of panel at 120x40 (re-record as the 80x24 one: /tmp/register-golden-120x40.txt).
    static let golden120x40 = [
        " Quorum · register · 3 nodes · seed 1 · t 2.013s · speed 1x · ▶ running",
        "",
        "                           ┌★L n1 primary ────┐                           │n1 PRIMARY ──────────────────────────────────",
        "                           │▰▱▱▱▱▱▱▱▱▱▱▱▱ 87ms│                           │applied  17",
        "                           │applied 17        │                           │primary  n1",
        "                           │primary n1        │                           │timer    heartbeat 13% 87ms",
        "                           └──────────────────┘                           │clock    [38,0,0] L38",
        "                              ╱╱           ╲╲╲                            │state    counter=6 x=4 y=1",
        "                            ╱╱                ╲╲                          │replication",
        "                          ╱╱                    ╲╲                        │ applied 17",
        "                        •╱                        ╲╲                      │ heard   0",
        "                      ╱╱                            ╲╲╲                   │recent operations",
        "                    ╱╱                            ┌·F n2 backup ─────┐    │ 12:counter 13:y 14:counter 15:counter 16:x",
        "    ┌·F n3 backup ─────┐                          │applied 17        │    │ 17:counter",
        "    │applied 17        │              ────────────│primary n1        │    │applied (by sequence)",
        "    │primary n1        │──────────────            │                  │    │  1  1  1  1  1  1",
        "    │                  │                          └──────────────────┘    │register",
        "    └──────────────────┘                                                  │ key     value",
        "                                                                          │ counter 6",
        "                                                                          │ x       4",
        "                                                                          │ y       1",
        " ⌂ clients                                                                │",
        "Slots ──────13──────14──────15──────16──────17──────────────────────────────────────────────────────────────────────────",
        "n1  counter y       counter counter x       counter                                                    recent operations",
        "n2  counter y       counter counter x       counter                                                    recent operations",
        "n3  counter y       counter counter x       counter                                                    recent operations",
        "Events (m: show messages) ──────────────────────────────────────────────────────────────────────│Vector clocks ─────────",
        "1.500s n1 timeout heartbeat                                                                     │       n1    n2    n3",
        "1.600s n1 timeout heartbeat                                                                     │n1     38     0     0",
        "1.700s n1 timeout heartbeat                                                                     │n2     38    55     0",
        "1.742s c1 invoke op14 incr counter                                                              │n3     37     0    54",
        "1.778s c1 complete op14 ok counter 5                                                            │",
        "1.800s n1 timeout heartbeat                                                                     │",
        "1.881s c2 invoke op15 get x                                                                     │",
        "1.900s n1 timeout heartbeat                                                                     │",
        "1.901s c2 complete op15 ok value 4                                                              │",
        "1.931s c1 invoke op16 incr counter                                                              │",
        "1.965s c1 complete op16 ok counter 6                                                            │",
        "2.000s n1 timeout heartbeat                                                                     │",
        " space pause  +- speed  k kill  K kill leader  r restart  z freeze  p partition  h heal  c request  ? help  q quit",
    ].joined(separator: "\n")

    static let golden80x24 = [
        " Quorum · register · 3 nodes · seed 1 · t 2.013s · speed 1x · ▶ running",
        "",
        "                   ★L n1                         │n1 PRIMARY ───────────────────",
        "                      ▱▱▱▱                       │applied  17",
        "                    ╱╱╱     ╲╲                   │primary  n1",
        "                  ╱╱          ╲╲╲                │timer    heartbeat 13% 87ms",
        "               ╱•╱               ╲╲              │clock    [38,0,0] L38",
        "            ╱╱╱                    ╲╲╲           │state    counter=6 x=4 y=1",
        "   ·F n3                          ·F n2          │replication",
        "                                                 │ applied 17",
        "                                                 │ heard   0",
        "                                                 │recent operations",
        " ⌂ clients                                       │ 12:counter 13:y 14:counter",
        "Slots ──────13──────14──────15──────16──────17──────────────────────────────────",
        "n1  counter y       counter counter x       counter",
        "n2  counter y       counter counter x       counter",
        "n3  counter y       counter counter x       counter",
        "Events (m: show messages) ──────────────────────────────│Vector clocks ─────────",
        "1.900s n1 timeout heartbeat                             │       n1    n2    n3",
        "1.901s c2 complete op15 ok value 4                      │n1     38     0     0",
        "1.931s c1 invoke op16 incr counter                      │n2     38    55     0",
        "1.965s c1 complete op16 ok counter 6                    │n3     37     0    54",
        "2.000s n1 timeout heartbeat                             │",
        " space pause  +- speed  k kill  p partition  h heal  ? help  q quit",
    ].joined(separator: "\n")
}

/// Scratch files for in-process runs.
enum QuorumBinaryFiles {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quorum-register-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
