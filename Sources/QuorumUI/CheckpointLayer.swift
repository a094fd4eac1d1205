import Dispatch
import Foundation
import QuorumCore

/// Lays a replay's checkpoints on a thread of its own as soon as the replay opens, so that the
/// first far jump does not wait for a pass through the whole recording. It runs its own copy of
/// the run (the simulation is made of values, so nothing is shared that either side mutates) and
/// hands each checkpoint over through a lock.
final class CheckpointLayer<Node: SimulatedNode & NodeDescribing>: @unchecked Sendable {
    private let script: ReplayScript<Node>
    private let interval: UInt64
    private let lock = NSLock()
    private var ready: [ReplayCheckpoint<Node>] = []
    private var cancelled = false
    private var done = false

    init(script: ReplayScript<Node>, interval: UInt64) {
        self.script = script
        self.interval = interval
        DispatchQueue.global(qos: .utility).async { [self] in layAll() }
    }

    /// The checkpoints laid since the last call.
    func take() -> [ReplayCheckpoint<Node>] {
        lock.withLock {
            defer { ready.removeAll() }
            return ready
        }
    }

    /// True once the whole recording has been passed.
    var isDone: Bool { lock.withLock { done } }

    func cancel() { lock.withLock { cancelled = true } }

    private var isCancelled: Bool { lock.withLock { cancelled } }

    private func layAll() {
        let simulator = script.makeSimulator()
        var caption: String?
        simulator.observers.append { event in
            if case .caption(let text) = event.kind { caption = text }
        }
        var nextInput = 0
        var lastLaid: UInt64 = 0
        while simulator.eventCount < script.totalEvents {
            // The recorded inputs after the same steps, as the replay applies them.
            simulator.performInputsDue(script.inputs, next: &nextInput)
            guard simulator.step() else { break }
            guard simulator.eventCount >= lastLaid + interval else { continue }
            lastLaid = simulator.eventCount
            let checkpoint = ReplayCheckpoint(events: simulator.eventCount, time: simulator.now, nextInput: nextInput, caption: caption,
                                              simulator: simulator.checkpoint())
            let stop = lock.withLock {
                ready.append(checkpoint)
                return cancelled
            }
            if stop { return }
        }
        lock.withLock { done = true }
    }
}
