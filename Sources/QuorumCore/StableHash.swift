/// Hashes that are the same in every process (unlike Swift's per-process seeded `Hasher`).
public enum StableHash {
    public static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a over the UTF-8 bytes of a string.
    public static func fnv1a(_ text: String, into start: UInt64 = fnvOffset) -> UInt64 {
        var hash = start
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* fnvPrime
        }
        return hash
    }

    /// Mixes one 64-bit word into a running FNV-1a style hash.
    @inline(__always)
    public static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        var result = hash
        var remaining = word
        for _ in 0..<8 {
            result = (result ^ (remaining & 0xff)) &* fnvPrime
            remaining >>= 8
        }
        return result
    }

    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
