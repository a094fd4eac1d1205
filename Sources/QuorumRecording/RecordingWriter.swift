import Foundation
import QuorumCore

/// Writes a recording as JSON Lines, incrementally. The simulation's thread only collects events
/// and inputs into batches; a writer thread (`RecordingSink`) formats and writes them. A batch is
/// handed over when it is full or a second has passed, so a crash or SIGKILL loses at most about
/// the last second.
public final class RecordingWriter {
    public let path: String
    private let sink: RecordingSink
    /// Hands the items collected so far to the sink (installed by `attach`, which knows their type).
    private var handOff: () -> Void = {}
    private var lastHandOffNanos = DispatchTime.now().uptimeNanoseconds
    static let batchSize = 2_048

    /// Creates (or replaces) the file and writes the header.
    /// `protecting`: files this run reads, as (option, path): a recording that names one of them
    /// (the same file by another path or link included) is refused before anything is written.
    public init(path: String, header: RecordingHeader, protecting inputs: [(option: String, path: String)] = []) throws(InputError) {
        self.path = path
        for input in inputs where RecordingWriter.sameFile(path, input.path) {
            throw InputError(source: "--record", message: "'\(path)' is the file given to \(input.option); recording there would overwrite it, so choose another file")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw InputError(source: path, message: "cannot create the recording file (\(String(cString: strerror(errno))))")
        }
        sink = RecordingSink(handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true))
        var object: [String: Any] = [
            "format": RecordingHeader.formatName, "version": RecordingHeader.formatVersion, "quorum": header.quorumVersion,
            "protocol": header.protocolName, "seed": header.seed, "nodes": header.nodeCount, "config": header.config,
        ]
        if let name = header.scriptName { object["scriptName"] = name }
        if let text = header.scriptText { object["script"] = text }
        // The header only: sorted keys, so the same run gives the same bytes.
        if var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
            data.append(0x0A)
            sink.writeNow(data)
        }
    }

    /// Records every event, interactive input and node state of a simulation from now on.
    /// Attaching to a new simulation (a recording that catches up by re-simulating, then follows
    /// the live one) first hands over what the previous one left.
    public func attach<Node: SimulatedNode & NodeDescribing>(to simulator: Simulator<Node>) {
        handOff()
        finalStates()
        detach()
        var inputs: [RecordBatch<Node>.Input] = []
        var states: [RecordBatch<Node>.State] = []
        var poll: () -> Void = {}
        let tap = EventTap<Node>(batchSize: RecordingWriter.batchSize) { [unowned self] tap in
            poll()
            if tap.events.count >= tap.batchSize { handOffNow() } else { flushIfStale() }
        }
        let capture = StateCapture<Node>(nodeCount: simulator.nodeCount)
        // Weak: the simulation owns its observers, and a catch-up simulation ends before the file does.
        let noteOne: (NodeID, Simulator<Node>) -> Void = { node, simulator in
            guard let (previous, current, logFrom) = capture.capture(node, in: simulator) else { return }
            states.append(.init(position: tap.events.count, eventIndex: simulator.eventCount, node: node, previous: previous,
                                current: current, logFrom: logFrom))
        }
        let note: ([NodeID]) -> Void = { [weak simulator] nodes in
            guard let simulator else { return }
            for node in nodes { noteOne(node, simulator) }
        }
        handOff = { [sink] in
            guard !tap.events.isEmpty || !inputs.isEmpty || !states.isEmpty else { return }
            sink.submit(RecordBatch(events: tap.take(), inputs: inputs, states: states, spares: tap.spares))
            inputs = []
            states = []
        }
        // Past the exact part, the simulator only collects changed nodes, and the tap asks every
        // 256 events: no call per step.
        poll = { [weak simulator] in
            guard let simulator, simulator.changeObservers.isEmpty else { return }
            capture.forEachDue(changed: simulator.takeChangedNodes(), in: simulator) { noteOne($0, simulator) }
        }
        finalStates = { [weak simulator] in
            guard let simulator else { return }
            capture.markWaiting(simulator.takeChangedNodes())
            note(capture.allWaiting())
        }
        endMicros = { [weak simulator] in simulator?.now.micros }
        detach = { [weak simulator] in
            simulator?.eventTap = nil
            simulator?.changeObservers = []
            simulator?.tracksChanges = false
        }
        simulator.eventTap = tap
        simulator.inputObservers.append { [unowned self] step, time, action in
            guard !isFinished else { return }
            inputs.append(.init(position: tap.events.count, step: step, time: time, action: action))
        }
        note(NodeID.all(count: simulator.nodeCount))
        simulator.tracksChanges = true
        if simulator.eventCount < StateCaptureLimit.exactEvents {
            simulator.changeObservers.append { [unowned simulator] changed in
                capture.forEachDue(changed: changed, in: simulator) { noteOne($0, simulator) }
                if simulator.eventCount >= StateCaptureLimit.exactEvents { simulator.changeObservers = [] }
            }
        }
    }

    /// Notes the states still waiting for their interval (the end of a simulation's part).
    private var finalStates: () -> Void = {}

    /// The simulated time now, for the footer.
    private var endMicros: () -> Int64? = { nil }

    /// Stops the simulation feeding this recording.
    private var detach: () -> Void = {}

    private func handOffNow() {
        handOff()
        lastHandOffNanos = DispatchTime.now().uptimeNanoseconds
    }

    /// Hands over what waits if the last hand-over is more than half a second old. A live run calls
    /// this every frame, so that a paused run's last events reach the file too.
    public func flushIfStale() {
        guard !isFinished, DispatchTime.now().uptimeNanoseconds - lastHandOffNanos > 500_000_000 else { return }
        handOffNow()
    }

    /// Why the file could not be written (e.g. "No space left on device"), once a write failed.
    /// The writer stops writing then; a run should say so at once and end with a failure.
    public var writeError: String? { sink.failure }

    /// True when both paths name one existing file (compared by device and inode, so another path
    /// or a link to it counts).
    static func sameFile(_ first: String, _ second: String) -> Bool {
        var a = stat()
        var b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// CPU time the writer's thread spent formatting and writing (complete after `finish()`).
    public var writerCPUSeconds: Double { sink.cpuSeconds }

    /// CPU time of the calling thread so far (benchmarks compare the two threads).
    public static func threadCPUSeconds() -> Double { RecordingSink.threadCPUSeconds() }

    /// True once the footer is written: later events and inputs are not recorded.
    public private(set) var isFinished = false

    /// Writes the footer and closes the file (a clean exit). Later calls do nothing.
    public func finish() {
        guard !isFinished else { return }
        finalStates()
        finalStates = {}
        handOff()
        let end = endMicros()
        detach()
        isFinished = true
        sink.close(endMicros: end)
    }
}
