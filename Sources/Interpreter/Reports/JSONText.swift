/// The two JSON primitives every report needs: string escaping and number spelling.
///
/// They live here, below the commands, because the Chrome trace writer (this module) streams
/// JSON itself and the command layer's `JSONValue` renders through the same functions, so a
/// string or a number is spelled the same way in `--json` output and in a trace file.
///
/// - Strings: `"` and `\` are escaped, control characters become `\n`, `\t`, ... or `\u00XX`;
///   everything else, including non-ASCII text, is written as UTF-8 (RFC 8259 allows it).
/// - Numbers: integral values of magnitude below 2^53 are written without a fraction (`42`),
///   other finite values in Swift's shortest round-trip form (`0.1`, `1e-05`, both valid JSON);
///   NaN and the infinities, which JSON cannot express, are written as `null`.
public enum JSONText {
    /// `s` as a JSON string literal, quotes included.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal to a UTF-8 byte buffer.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0x08: out.append(0x5C); out.append(0x62)
            case 0x0C: out.append(0x5C); out.append(0x66)
            case 0..<0x20:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])
                out.append(hexDigit(b >> 4))
                out.append(hexDigit(b & 0xF))
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// The JSON spelling of a number (`null` when it is not finite).
    public static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 9_007_199_254_740_992 {
            return String(Int64(d))
        }
        return d.description
    }

    /// The JSON spelling of an integer.
    public static func number<I: BinaryInteger>(_ i: I) -> String { String(i) }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}
