import Foundation
import QuorumCore
import Synchronization

/// The writer's side of a recording: turns items into JSON lines and writes them to the file, on
/// a thread of its own so that the simulation does not wait for formatting. Everything here runs
/// on `queue`, one batch at a time and in order, so the file is the same bytes however the threads
/// are scheduled.
final class RecordingSink: @unchecked Sendable {
    private let queue = DispatchQueue(label: "quorum.recording")
    /// Batches handed over and not yet written: the simulation waits when the writer is this far
    /// behind, so memory stays bounded.
    private let freeSlots = DispatchSemaphore(value: 8)
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var eventCount: UInt64 = 0
    private var checksum = StableHash.fnvOffset

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    /// Why the file could not be written (a full disk, an I/O error), once that happened: nothing
    /// more is written after it, and the writer reports it at once.
    private let failureText = Mutex<String?>(nil)
    var failure: String? { failureText.withLock { $0 } }

    /// Writes the header line at once, before any batch.
    func writeNow(_ line: Data) {
        queue.sync {
            buffer.append(contentsOf: line)
            writeBuffer()
        }
    }

    /// Hands a batch to the writer's thread; returns at once unless the writer is far behind.
    func submit<Node>(_ batch: consuming RecordBatch<Node>) {
        freeSlots.wait()
        let handOff = BatchHandOff(batch)
        queue.async { [self] in
            var batch = handOff.take()
            defer {
                let events = batch.events
                batch.events = []  // the array's only reference is now `events`: recycled in place
                batch.spares?.recycle(events)
            }
            let started = Self.threadCPUSeconds()
            defer { cpuSeconds += Self.threadCPUSeconds() - started }
            // Inputs, then the states they changed, come before the event at their position.
            var inputs = batch.inputs[...]
            var states = batch.states[...]
            func writeWaiting(upTo position: Int) {
                while let input = inputs.first, input.position <= position {
                    write(input)
                    inputs.removeFirst()
                }
                while let state = states.first, state.position <= position {
                    NodeStateLine.write(state, into: &buffer)
                    states.removeFirst()
                }
            }
            // Events are read in place: copying each one out would retain and release its message.
            batch.events.withUnsafeBufferPointer { events in
                for position in events.indices {
                    writeWaiting(upTo: position)
                    write(events[position])
                }
            }
            writeWaiting(upTo: Int.max)
            writeBuffer()
            freeSlots.signal()
        }
    }

    /// Writes the buffer to the file as it is (no copy into a `Data`), and empties it. A failed
    /// write is noted (`failure`) and ends the writing: a file with a hole would read as corrupt.
    private func writeBuffer() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failureText.withLock({ $0 == nil }) else { return }
        let failed: String? = buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(handle.fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return written < 0 ? String(cString: strerror(errno)) : "nothing could be written" }
                offset += written
            }
            return nil
        }
        if let failed { failureText.withLock { $0 = failed } }
    }

    /// CPU time the writer's thread has spent on batches (for `bench replay`; read after `close`).
    private(set) var cpuSeconds = 0.0

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Writes the footer and closes the file.
    /// `endMicros`: the simulated time the run ended at (it may pass its last event).
    func close(endMicros: Int64?) {
        queue.sync {
            JSONLine.write(into: &buffer) { line in
                line.add("checksum", string: StableHash.hex(checksum))
                line.add("events", number: eventCount)
                if let endMicros { line.add("t", number: endMicros) }
                line.add("type", literal: "end")
            }
            writeBuffer()
            if (try? handle.close()) == nil, failureText.withLock({ $0 == nil }) {
                failureText.withLock { $0 = "the file could not be closed" }  // e.g. a network file system's late write error
            }
        }
    }

    private func write<Node>(_ input: RecordBatch<Node>.Input) {
        JSONLine.write(into: &buffer) { line in
            line.add("action", string: input.action.description)
            line.add("step", number: input.step)
            line.add("t", number: input.time.micros)
            line.add("type", literal: "input")
        }
    }

    /// Each event's text, reused from event to event.
    private var text: [UInt8] = []

    private func write<Node>(_ event: SimEvent<Node>) {
        text.removeAll(keepingCapacity: true)
        event.kind.write(to: &text)
        text.withUnsafeBufferPointer { text in
            checksum = StableHash.fold(utf8: text, into: checksum)
            eventCount += 1
            let (kind, detail) = EventKindName.classify(event.kind)
            if let entry = EventKindName.historyEntry(event.kind) {
                writeClientEvent(event, entry: entry, kind: kind, detail: detail, text: text)
            } else if let detail {
                JSONLine.write(into: &buffer) { line in
                    line.add("detail", string: detail)
                    line.add("i", number: event.index)
                    line.add("kind", literal: kind)
                    line.add("t", number: event.time.micros)
                    line.add("text", utf8: text)
                    line.add("type", literal: "event")
                }
            } else {
                writePlainEvent(event, kind: kind, text: text)
            }
        }
    }

    /// Nine lines in ten: `{"i":..,"kind":"..","t":..,"text":"..","type":"event"}`, written in
    /// fragments (the same bytes `JSONLine` writes, with fewer appends).
    /// Message events also carry the message's id, and a send its arrival time and category, so a
    /// replay can draw messages in flight without re-simulating.
    private func writePlainEvent<Node>(_ event: SimEvent<Node>, kind: StaticString, text: UnsafeBufferPointer<UInt8>) {
        switch event.kind {
        case .sent(let envelope):
            buffer.append(text: "{\"at\":")
            buffer.append(decimal: Int(envelope.deliverAt.micros))
            buffer.append(text: ",\"cat\":\"")
            buffer.append(text: envelope.payload.category.rawValue)
            if let key = envelope.payload.styleKey, StyleKey.isValid(key) {  // `replication:pre-prepare`: the family, then the protocol's own kind
                buffer.append(UInt8(ascii: ":"))
                buffer.append(text: key)
            }
            buffer.append(text: "\",\"i\":")
            buffer.append(decimal: event.index)
            buffer.append(text: ",\"id\":")
            buffer.append(decimal: envelope.id)
        case .delivered(let envelope), .dropped(let envelope, _):
            buffer.append(text: "{\"i\":")
            buffer.append(decimal: event.index)
            buffer.append(text: ",\"id\":")
            buffer.append(decimal: envelope.id)
        default:
            buffer.append(text: "{\"i\":")
            buffer.append(decimal: event.index)
        }
        buffer.append(text: ",\"kind\":\"")
        buffer.append(text: kind)
        buffer.append(text: "\",\"t\":")
        buffer.append(decimal: Int(event.time.micros))
        buffer.append(text: ",\"text\":")
        JSONText.appendQuoted(utf8: text, to: &buffer)
        buffer.append(text: ",\"type\":\"event\"}\n")
    }

    private func writeClientEvent<Node>(_ event: SimEvent<Node>, entry: HistoryEntry, kind: StaticString, detail: String?,
                                        text: UnsafeBufferPointer<UInt8>) {
        JSONLine.write(into: &buffer) { line in
            line.add("client", number: entry.client.index)
            if let detail { line.add("detail", string: detail) }
            line.add("i", number: event.index)
            line.add("kind", literal: kind)
            line.add("op", number: entry.id)
            line.add("operation", string: entry.operation.description)
            if case .completed = event.kind, case .ok(let output) = entry.outcome {
                line.add("output", string: EventKindName.outputText(output))
            }
            line.add("t", number: event.time.micros)
            line.add("text", utf8: text)
            line.add("type", literal: "event")
        }
    }
}
