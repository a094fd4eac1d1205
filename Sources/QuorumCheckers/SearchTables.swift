/// Hash tables for the linearizability search's two hot lookups. Swift's Set and Dictionary hash
/// with seeded SipHash and dominated the search's time; these use open addressing with linear
/// probing and a multiplicative mix, and never remove keys (the search only adds).
enum SearchTables {
    @inline(__always)
    static func mix(_ value: UInt64) -> Int {
        let x = value &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: x ^ (x >> 29))
    }
}

/// Non-negative Int keys to Int values: the search's cached model transitions.
struct TransitionTable {
    private var keys: [Int]
    private var values: [Int]
    private var mask: Int
    private var count = 0

    init(capacity: Int = 1_024) {
        let size = max(16, capacity.nextPowerOfTwo)
        keys = Array(repeating: -1, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    func value(for key: Int) -> Int? {
        var slot = SearchTables.mix(UInt64(key)) & mask
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found < 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    mutating func set(_ value: Int, for key: Int) {
        if (count + 1) * 2 > keys.count { grow() }
        var slot = SearchTables.mix(UInt64(key)) & mask
        while keys[slot] >= 0, keys[slot] != key { slot = (slot + 1) & mask }
        if keys[slot] < 0 { count += 1 }
        keys[slot] = key
        values[slot] = value
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0 >= 0 }
        self = TransitionTable(capacity: keys.count * 2)
        for (key, value) in old { set(value, for: key) }
    }
}

/// The memo of visited (set of linearized operations, model state) pairs. One array of entries, so
/// a probe touches one cache line: the memo outgrows the caches and its misses are the search's cost.
struct MemoTable<Bits: LinearizedSet> {
    private struct Entry {
        var linearized: Bits
        /// -1 marks an empty slot.
        var state: Int32
    }

    private var entries: [Entry]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1_024) {
        let size = max(16, capacity.nextPowerOfTwo)
        entries = Array(repeating: Entry(linearized: .empty, state: -1), count: size)
        mask = size - 1
    }

    /// Adds the pair; false if it was there already.
    @inline(__always)
    mutating func insert(_ linearized: Bits, state: Int) -> Bool {
        if (count + 1) * 2 > entries.count { grow() }
        let state32 = Int32(truncatingIfNeeded: state)
        var slot = SearchTables.mix(UInt64(bitPattern: Int64(linearized.fastHash &+ state &* 0x2545_F491))) & mask
        return entries.withUnsafeMutableBufferPointer { entries in
            while entries[slot].state >= 0 {
                if entries[slot].state == state32, entries[slot].linearized == linearized { return false }
                slot = (slot + 1) & mask
            }
            entries[slot] = Entry(linearized: linearized, state: state32)
            count += 1
            return true
        }
    }

    private mutating func grow() {
        var bigger = MemoTable(capacity: entries.count * 4)
        for entry in entries where entry.state >= 0 { _ = bigger.insert(entry.linearized, state: Int(entry.state)) }
        self = bigger
    }
}

extension Int {
    /// The least power of two at least this large.
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
