/// Where UTF-8 goes wrong, for messages (the stdlib only says whether it does).
public enum UTF8Check {
    /// The index of the first byte that does not start or continue a valid UTF-8 sequence.
    public static func firstInvalidOffset(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, secondRange) = (3, 0xA0...0xBF)
            case 0xED: (length, secondRange) = (3, 0x80...0x9F)  // no surrogates
            case 0xE1...0xEF: length = 3
            case 0xF0: (length, secondRange) = (4, 0x90...0xBF)
            case 0xF4: (length, secondRange) = (4, 0x80...0x8F)
            case 0xF1...0xF3: length = 4
            default: return index
            }
            guard index + 1 < bytes.endIndex, secondRange.contains(bytes[index + 1]) else { return index }
            for next in (index + 2)..<(index + length) {
                guard next < bytes.endIndex, (0x80...0xBF).contains(bytes[next]) else { return index }
            }
            index += length
        }
        return nil
    }
}
