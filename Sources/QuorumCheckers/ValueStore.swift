/// The model states one key's search reaches, as small integers. A state is a plain value
/// (interned) or a value with one append more than another state. Appends are never copied: a long
/// appended string is compared with a read's answer by length, then a rolling hash, then byte by
/// byte along its chain of appended pieces. Building each appended string dominated the search on
/// append-heavy histories.
struct ValueStore {
    /// Per state: the plain value (nil for appended states, and for the absent value).
    private var plain: [String?] = []
    private var isPlainState: [Bool] = []
    /// Per appended state: the state appended to, and the piece's bytes.
    private var parent: [Int] = []
    private var piece: [[UInt8]] = []
    private var length: [Int] = []
    private var hash: [UInt64] = []
    private var plainIDs: [String?: Int] = [:]

    private static let base: UInt64 = 0x100_0000_01B3

    /// The state of a plain value (the same value always gets the same state).
    mutating func intern(_ value: String?) -> Int {
        if let id = plainIDs[value] { return id }
        let bytes = value.map { Array($0.utf8) } ?? []
        plain.append(value)
        isPlainState.append(true)
        parent.append(-1)
        piece.append(bytes)
        length.append(bytes.count)
        hash.append(ValueStore.rollingHash(bytes, from: 0))
        plainIDs[value] = plain.count - 1
        return plain.count - 1
    }

    /// A new state: `state`'s value followed by `suffix`. (Named by path: equal strings reached by
    /// different appends are different states, which only costs the memo some hits.)
    mutating func appending(_ suffix: String, to state: Int) -> Int {
        let bytes = Array(suffix.utf8)
        plain.append(nil)
        isPlainState.append(false)
        parent.append(state)
        piece.append(bytes)
        length.append(length[state] + bytes.count)
        hash.append(ValueStore.rollingHash(bytes, from: hash[state]))
        return plain.count - 1
    }

    /// A value prepared for comparing with states: its plain state (plain values are interned, so
    /// equal plain values are the same state), its bytes and its hash, all computed once.
    struct Probe {
        let plainState: Int
        let isNil: Bool
        let bytes: [UInt8]
        let hash: UInt64
    }

    mutating func probe(_ value: String?) -> Probe {
        let bytes = value.map { Array($0.utf8) } ?? []
        return Probe(plainState: intern(value), isNil: value == nil, bytes: bytes, hash: ValueStore.rollingHash(bytes, from: 0))
    }

    /// Whether the state's value equals the probe's (nil: absent).
    @inline(__always)
    func equals(_ state: Int, _ probe: Probe) -> Bool {
        if isPlainState[state] { return state == probe.plainState }
        guard !probe.isNil, probe.bytes.count == length[state], probe.hash == hash[state] else { return false }
        return probe.bytes.withUnsafeBufferPointer { matches(state, $0) }
    }

    private func matches(_ state: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = bytes.count
        var current = state
        while true {
            let part = piece[current]
            let start = end - part.count
            guard start >= 0, part.elementsEqual(bytes[start..<end]) else { return false }
            if isPlainState[current] { return start == 0 }
            end = start
            current = parent[current]
        }
    }

    /// The state's value as a string (for the operations that need all of it, e.g. incr).
    func value(_ state: Int) -> String? {
        if isPlainState[state] { return plain[state] }
        var parts: [[UInt8]] = []
        var current = state
        while !isPlainState[current] {
            parts.append(piece[current])
            current = parent[current]
        }
        var bytes = piece[current]
        for part in parts.reversed() { bytes += part }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func rollingHash<Bytes: Collection>(_ bytes: Bytes, from start: UInt64) -> UInt64 where Bytes.Element == UInt8 {
        var value = start
        for byte in bytes { value = (value &* base) &+ UInt64(byte) &+ 1 }
        return value
    }
}
