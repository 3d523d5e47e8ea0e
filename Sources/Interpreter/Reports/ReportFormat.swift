/// Number formatting for the text reports, without Foundation's `String(format:)` (whose
/// behaviour with Swift types differs between hosts): fixed decimals and column padding.
public enum ReportFormat {
    /// `d` rounded to `decimals` places, e.g. `fixed(12.345, 1)` is `12.3`; `-` for non-finite.
    public static func fixed(_ d: Double, _ decimals: Int) -> String {
        guard d.isFinite else { return "-" }
        let places = max(0, min(9, decimals))
        var p: Double = 1
        for _ in 0..<places { p *= 10 }
        let scaled = (abs(d) * p).rounded()
        guard scaled < 9e18 else { return d.description }
        let n = Int64(scaled)
        let sign = d < 0 && n != 0 ? "-" : ""
        let ip = Int64(p)
        if places == 0 { return sign + String(n) }
        var frac = String(n % ip)
        frac = String(repeating: "0", count: places - frac.count) + frac
        return sign + String(n / ip) + "." + frac
    }

    /// A whole number of cycles (rounded), with no separators: easy to copy into a test.
    public static func cycles(_ d: Double) -> String { fixed(d, 0) }

    /// A ratio in 0...1 as a percentage with one decimal, e.g. `41.7%`.
    public static func percent(_ ratio: Double) -> String { fixed(ratio * 100, 1) + "%" }

    /// `s` padded with spaces on the left to `width` characters.
    public static func right(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// `s` padded with spaces on the right to `width` characters.
    public static func left(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
