import Foundation
import QuorumCore

/// Writes a recording as JSON Lines, incrementally: buffered, and flushed at least once a second
/// of wall-clock time, so a crash or SIGKILL loses at most the last second.
public final class RecordingWriter {
    private let handle: FileHandle
    private var buffer = Data()
    private var lastFlushNanos = DispatchTime.now().uptimeNanoseconds
    private var eventCount: UInt64 = 0
    private var checksum = StableHash.fnvOffset
    public let path: String

    /// Creates (or replaces) the file and writes the header.
    public init(path: String, header: RecordingHeader) throws(InputError) {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw InputError(source: path, message: "cannot create the recording file")
        }
        self.handle = handle
        var object: [String: Any] = [
            "format": RecordingHeader.formatName, "version": RecordingHeader.formatVersion, "quorum": header.quorumVersion,
            "protocol": header.protocolName, "seed": header.seed, "nodes": header.nodeCount, "config": header.config,
        ]
        if let name = header.scriptName { object["scriptName"] = name }
        if let text = header.scriptText { object["script"] = text }
        append(object)
        flush()
    }

    /// Records every event and interactive input of a simulation from now on.
    public func attach<Node: SimulatedNode>(to simulator: Simulator<Node>) {
        simulator.observers.append { [self] in recordEvent($0) }
        simulator.inputObservers.append { [self] in recordInput(step: $0, time: $1, action: $2) }
    }

    public func recordInput(step: UInt64, time: SimTime, action: ClusterAction) {
        guard !isFinished else { return }
        var line = JSONLine()
        line.add("action", string: action.description)
        line.add("step", number: step)
        line.add("t", number: time.micros)
        line.add("type", string: "input")
        append(line)
    }

    public func recordEvent<Node: SimulatedNode>(_ event: SimEvent<Node>) {
        guard !isFinished else { return }
        let (kind, detail) = RecordingWriter.classify(event.kind)
        let text = event.kind.description
        checksum = StableHash.fnv1a(text, into: checksum)
        checksum = (checksum ^ 0x0A) &* StableHash.fnvPrime  // the newline that ends each event's text
        eventCount += 1
        // Keys in sorted order, as the header's: the same run gives the same bytes.
        var line = JSONLine()
        if case .invoked(let entry) = event.kind { addClient(entry, to: &line, withOutput: false) }
        if case .completed(let entry) = event.kind { addClient(entry, to: &line, withOutput: true) }
        if let detail { line.add("detail", string: detail) }
        line.add("i", number: event.index)
        line.add("kind", string: kind)
        if let operation = pendingOperation { line.add("op", number: operation) }
        if let operationText { line.add("operation", string: operationText) }
        if let outputText { line.add("output", string: outputText) }
        line.add("t", number: event.time.micros)
        line.add("text", string: text)
        line.add("type", string: "event")
        pendingOperation = nil
        operationText = nil
        outputText = nil
        append(line)
    }

    // The client fields of the event being written (kept apart so keys stay in sorted order).
    private var pendingOperation: Int?
    private var operationText: String?
    private var outputText: String?

    private func addClient(_ entry: HistoryEntry, to line: inout JSONLine, withOutput: Bool) {
        line.add("client", number: entry.client.index)
        pendingOperation = entry.id
        operationText = entry.operation.description
        if withOutput, case .ok(let output) = entry.outcome { outputText = RecordingWriter.outputText(output) }
    }

    /// True once the footer is written: later events and inputs are not recorded.
    public private(set) var isFinished = false

    /// Writes the footer and closes the file (a clean exit). Later calls do nothing.
    public func finish() {
        guard !isFinished else { return }
        isFinished = true
        var line = JSONLine()
        line.add("checksum", string: StableHash.hex(checksum))
        line.add("events", number: eventCount)
        line.add("type", string: "end")
        append(line)
        flush()
        try? handle.close()
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
        lastFlushNanos = DispatchTime.now().uptimeNanoseconds
    }

    private func append(_ object: [String: Any]) {
        // The header only: sorted keys, so the same run gives the same bytes.
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        buffer.append(data)
        buffer.append(0x0A)
        flushIfDue()
    }

    private func append(_ line: JSONLine) {
        var line = line
        buffer.append(contentsOf: line.finish())
        flushIfDue()
    }

    private var writesSinceClockCheck = 0

    /// Flushes when the buffer is large or a second has passed (the clock is read every 256 lines).
    private func flushIfDue() {
        writesSinceClockCheck += 1
        if buffer.count > 1 << 20 { return flush() }
        guard writesSinceClockCheck >= 256 else { return }
        writesSinceClockCheck = 0
        if DispatchTime.now().uptimeNanoseconds - lastFlushNanos > 1_000_000_000 { flush() }
    }

    /// An output in a form `RecordedOutput` reads back: `done`, `value X`, `nil`, `counter N`,
    /// `swapped true|false`, `siblings A,B`, `error TEXT`.
    static func outputText(_ output: OperationOutput) -> String {
        switch output {
        case .done: return "done"
        case .value(let value): return value.map { "value " + $0 } ?? "nil"
        case .siblings(let values): return "siblings " + values.joined(separator: ",")
        case .counter(let value): return "counter \(value)"
        case .swapped(let swapped): return "swapped \(swapped)"
        case .error(let reason): return "error " + reason
        }
    }

    static func classify<Node: SimulatedNode>(_ kind: SimEventKind<Node>) -> (String, String?) {
        switch kind {
        case .sent: return ("send", nil)
        case .delivered: return ("deliver", nil)
        case .dropped: return ("drop", nil)
        case .timerFired: return ("timer", nil)
        case .crashed: return ("crash", nil)
        case .restarted: return ("restart", nil)
        case .frozen: return ("freeze", nil)
        case .unfrozen: return ("unfreeze", nil)
        case .partitioned: return ("partition", nil)
        case .healed: return ("heal", nil)
        case .linkCut: return ("cut", nil)
        case .linkRepaired: return ("repair", nil)
        case .networkChanged: return ("network", nil)
        case .invoked: return ("invoke", nil)
        case .completed(let entry):
            switch entry.outcome {
            case .ok: return ("complete", "ok")
            case .failed: return ("complete", "failed")
            case .unknown, .pending: return ("complete", "unknown")
            }
        case .annotated(_, let annotation):
            switch annotation.kind {
            case .role(_, _, let leads): return ("role", leads ? "leads" : nil)
            case .commit(let index): return ("commit", String(index))
            case .note: return ("note", nil)
            case .compared(_, let order, _, _, _): return ("compare", order.rawValue)
            }
        case .caption: return ("caption", nil)
        }
    }
}
