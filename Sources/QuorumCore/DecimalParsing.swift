/// Exact parsing of decimal numbers such as `10.5` into scaled integers, without floating point.
public enum DecimalParsing {
    /// `scaled("10.5", by: 1000)` is 10500. Returns nil for anything but digits with at most one
    /// point, when digits would be lost below the scale, or when the result does not fit 64 bits.
    public static func scaled(_ text: Substring, by scale: Int64) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !text.isEmpty else { return nil }
        let wholeText = parts[0]
        let fractionText = parts.count == 2 ? parts[1] : ""
        guard !(wholeText.isEmpty && fractionText.isEmpty),
              wholeText.allSatisfy(\.isASCIIDigit), fractionText.allSatisfy(\.isASCIIDigit),
              wholeText.count <= 12 else { return nil }
        let (whole, overflow) = (Int64(wholeText) ?? 0).multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        var result = whole
        var place = scale
        for digit in fractionText {
            guard place % 10 == 0 || digit == "0" else { return nil }
            place /= 10
            // Below the scale the fraction adds less than one unit of the whole: no overflow.
            result += Int64(digit.wholeNumberValue!) * place
        }
        return result
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
