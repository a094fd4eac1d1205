import Foundation
import QuorumCore
import QuorumUI

/// The live UI's loop: advance the simulation by wall time, draw a frame, wait for a key or the
/// next frame. While paused it sleeps in the input wait.
public enum TerminalRunner {
    public static let framesPerSecond: Int64 = 30

    public static func run<Node>(_ session: LiveSession<Node>, screen: TerminalScreen, glyphs: Glyphs) {
        screen.start()
        defer { screen.stop() }
        var size = screen.size
        var buffer = CellBuffer(width: size.width, height: size.height)
        var layout = Layout(width: size.width, height: size.height, nodeCount: session.simulator.nodeCount)
        let frameMicros = 1_000_000 / framesPerSecond
        var nextFrame = monotonicMicros()
        while screen.stopSignal == 0, !session.state.quitRequested {
            let now = monotonicMicros()
            if now >= nextFrame {
                session.advance(wallMicros: now)
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
            } else {
                session.handle(key, layout: layout)
            }
            nextFrame = monotonicMicros()  // show the effect of a key at once
        }
    }

    static func monotonicMicros() -> Int64 {
        Int64(DispatchTime.now().uptimeNanoseconds / 1_000)
    }
}
