import Foundation
import Testing
@testable import QuorumKit
import QuorumCore
import QuorumRaft
import QuorumRecording
import QuorumUI

/// Both replays, the re-simulated one (`LiveSession`) and the one drawn from the recording alone
/// (`RecordedSession`), take the keys that only change the view in the same way, refusals and
/// feedback included: they share one update function.
@Suite("Shared session update")
struct SharedSessionUpdateTests {
    @Test func bothReplaysTakeTheSharedKeysAlike() throws {
        let path = RecordingTests.root.appendingPathComponent("recordings/leader-crash.jsonl").path
        let recording = try Recording.read(path)
        let plan = try RunPlan<RaftNode>(recording: recording.header, path: path)
        let script = try ReplayLauncher.replayScript(recording, plan: plan, path: path)
        let live = LiveSession(replaying: script, layCheckpointsInBackground: false)
        let drawn = RecordedSession(try ReplayLauncher.recordedSetup(recording, script: script, path: path), state: live.state, at: 0)
        let keys: [KeyPress] = [.character("+"), .character("+"), .character("-"), .character("3"), .tab, .backTab, .backTab,
                                .character("?"), .character("x"), .character("e"), .character("m"), .character("e"),
                                .character(" "), .character("."), .character(" "), .character("k"), .character("K"), .character("h"),
                                .character("g"), .character("."), .character("."), .enter, .character("g"), .escape, .character("q")]
        for key in keys {
            live.handle(key)
            drawn.handle(key)
            var liveState = live.state
            var drawnState = drawn.state
            // How long feedback stays on screen is each session's own.
            liveState.statusUntilMicros = 0
            drawnState.statusUntilMicros = 0
            #expect(liveState == drawnState, "after \(key)")
        }
        #expect(live.state.quitRequested && live.state.speedIndex == SpeedScale.defaultIndex + 1 && live.state.selected == NodeID(1))
        #expect(live.state.status == "'..' is not a time (write 12.5 for seconds, or 300ms, 1m)")
    }
}
