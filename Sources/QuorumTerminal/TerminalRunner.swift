import Foundation
import QuorumCore
import QuorumUI

/// The live UI's loop: advance the simulation by wall time, draw a frame, wait for a key or the
/// next frame. While paused it sleeps in the input wait.
public enum TerminalRunner {
    public static let framesPerSecond: Int64 = 30

    public static func run(_ source: FrameSource, screen: TerminalScreen, glyphs: Glyphs) {
        var session = source
        screen.start()
        defer { screen.stop() }
        var size = screen.size
        var buffer = CellBuffer(width: size.width, height: size.height)
        var layout = Layout(width: size.width, height: size.height, nodeCount: session.nodeCount)
        let frameMicros = 1_000_000 / framesPerSecond
        var nextFrame = monotonicMicros()
        while screen.stopSignal == 0, !session.state.quitRequested {
            let now = monotonicMicros()
            if now >= nextFrame {
                session.advance(wallMicros: now)
                session = handOver(from: session)
                layout = FrameRenderer.render(session.snapshot(glyphs: glyphs, logTail: LogView.tailNeeded(width: size.width)), into: &buffer)
                screen.draw(buffer)
                nextFrame = now + frameMicros
            }
            let waitMillis: Int32 = session.isAnimating ? Int32(max(1, (nextFrame - monotonicMicros()) / 1_000)) : 1_000
            guard let key = screen.readKey(timeoutMillis: waitMillis) else {
                if !session.isAnimating { nextFrame = monotonicMicros() }  // a paused UI wakes once a second
                continue
            }
            if key == .resize {
                size = screen.size
                buffer = CellBuffer(width: size.width, height: size.height)
                screen.invalidate()
            } else if layout.isTooSmall, key != .character("q") {
                continue  // nothing of what a key would change can be seen: only q works (and Ctrl-C)
            } else {
                session.handle(key, layout: layout)
                session = handOver(from: session)
            }
            nextFrame = monotonicMicros()  // show the effect of a key at once
        }
    }

    /// The source that takes over (a fork, or a replay drawn from the recording), with the
    /// background checker moved along.
    private static func handOver(from session: FrameSource) -> FrameSource {
        guard let next = session.takeSuccessor() else { return session }
        if next.historyChecker == nil { next.historyChecker = session.historyChecker.map { _ in HistoryCheckWorker() } }
        return next
    }

    static func monotonicMicros() -> Int64 {
        Int64(DispatchTime.now().uptimeNanoseconds / 1_000)
    }
}
