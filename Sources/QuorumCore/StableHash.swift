/// Hashes that are the same in every process (unlike Swift's per-process seeded `Hasher`).
public enum StableHash {
    public static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a over the UTF-8 bytes of a string.
    public static func fnv1a(_ text: String, into start: UInt64 = fnvOffset) -> UInt64 {
        var text = text
        return text.withUTF8 { fnv1a(utf8: $0, into: start) }
    }

    /// FNV-1a over bytes in hand.
    public static func fnv1a(utf8 bytes: UnsafeBufferPointer<UInt8>, into start: UInt64 = fnvOffset) -> UInt64 {
        var hash = start
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* fnvPrime
        }
        return hash
    }

    /// Folds bytes into a running hash eight at a time (little-endian words, the last one padded
    /// with zeros, then the length): about eight times faster than FNV-1a, which goes byte by byte.
    /// Recordings (format 2) checksum their event texts with it.
    public static func fold(utf8 bytes: UnsafeBufferPointer<UInt8>, into start: UInt64) -> UInt64 {
        var hash = start
        var offset = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while offset + 8 <= bytes.count {
            hash = mix(hash, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var tail: UInt64 = 0
        for (shift, byte) in bytes[offset...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
        return mix(mix(hash, tail), UInt64(bytes.count))
    }

    /// Mixes one 64-bit word into a running hash (a multiply-xorshift step in the style of
    /// wyhash/SplitMix; fast, and the same in every process).
    @inlinable @inline(__always)
    public static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        var result = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
        result ^= result >> 29
        result = result &* 0xBF58_476D_1CE4_E5B9
        return result ^ (result >> 32)
    }

    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
