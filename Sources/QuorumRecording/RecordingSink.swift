import Foundation
import QuorumCore

/// The writer's side of a recording: turns items into JSON lines and writes them to the file, on
/// a thread of its own so that the simulation does not wait for formatting. Everything here runs
/// on `queue`, one batch at a time and in order, so the file is the same bytes however the threads
/// are scheduled.
final class RecordingSink: @unchecked Sendable {
    private let queue = DispatchQueue(label: "quorum.recording")
    /// Batches handed over and not yet written: the simulation waits when the writer is this far
    /// behind, so memory stays bounded.
    private let freeSlots = DispatchSemaphore(value: 4)
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var eventCount: UInt64 = 0
    private var checksum = StableHash.fnvOffset

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    /// Writes the header line at once, before any batch.
    func writeNow(_ line: Data) {
        queue.sync { handle.write(line) }
    }

    /// Hands a batch to the writer's thread; returns at once unless the writer is far behind.
    func submit<Node>(_ items: [RecordItem<Node>]) {
        freeSlots.wait()
        queue.async { [self] in
            for item in items { write(item) }
            handle.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
            freeSlots.signal()
        }
    }

    /// Waits for every batch handed over so far to reach the file.
    func drain() {
        queue.sync {}
    }

    /// Writes the footer and closes the file.
    func close() {
        queue.sync {
            JSONLine.write(into: &buffer) { line in
                line.add("checksum", string: StableHash.hex(checksum))
                line.add("events", number: eventCount)
                line.add("type", literal: "end")
            }
            handle.write(Data(buffer))
            try? handle.close()
        }
    }

    private func write<Node>(_ item: RecordItem<Node>) {
        switch item {
        case .event(let event): write(event)
        case .input(let step, let time, let action):
            JSONLine.write(into: &buffer) { line in
                line.add("action", string: action.description)
                line.add("step", number: step)
                line.add("t", number: time.micros)
                line.add("type", literal: "input")
            }
        }
    }

    /// Each event's text, reused from event to event.
    private var text: [UInt8] = []

    private func write<Node>(_ event: SimEvent<Node>) {
        text.removeAll(keepingCapacity: true)
        event.kind.write(to: &text)
        text.withUnsafeBufferPointer { text in
            checksum = StableHash.fnv1a(utf8: text, into: checksum)
            checksum = (checksum ^ 0x0A) &* StableHash.fnvPrime  // the newline that ends each event's text
            eventCount += 1
            let (kind, detail) = EventKindName.classify(event.kind)
            let entry = EventKindName.historyEntry(event.kind)
            JSONLine.write(into: &buffer) { line in
            if let entry { line.add("client", number: entry.client.index) }
            if let detail { line.add("detail", string: detail) }
            line.add("i", number: event.index)
            line.add("kind", literal: kind)
            if let entry {
                line.add("op", number: entry.id)
                line.add("operation", string: entry.operation.description)
                if case .completed = event.kind, case .ok(let output) = entry.outcome {
                    line.add("output", string: EventKindName.outputText(output))
                }
            }
            line.add("t", number: event.time.micros)
            line.add("text", utf8: text)
            line.add("type", literal: "event")
            }
        }
    }
}
