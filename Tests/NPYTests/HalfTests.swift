import XCTest
import NPY

/// fp16 <-> fp32 conversion, checked against the IEEE 754 definition computed independently
/// in Double, hand-worked cases, exhaustive rounding boundaries, and Swift's own Float16.
final class HalfTests: XCTestCase {
    /// The value of a half bit pattern by the textbook formula, in Double (nil for NaN).
    private func ieeeValue(_ h: UInt16) -> Double? {
        let sign: Double = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int(h >> 10) & 0x1f
        let mantissa = Double(h & 0x3ff)
        switch exponent {
        case 0: return sign * mantissa * pow(2, -24)
        case 31: return mantissa == 0 ? sign * .infinity : nil
        default: return sign * (1 + mantissa / 1024) * pow(2, Double(exponent - 15))
        }
    }

    func testEveryHalfWidensToItsIEEEValue() {
        var checked = 0
        for bits in 0...0xffff {
            let h = UInt16(bits)
            let f = Half.toFloat(h)
            if let expected = ieeeValue(h) {
                XCTAssertEqual(Double(f), expected, "half 0x\(String(h, radix: 16))")
                XCTAssertEqual(f.sign == .minus, h & 0x8000 != 0, "sign of 0x\(String(h, radix: 16))")
                checked += 1
            } else {
                XCTAssertTrue(f.isNaN, "0x\(String(h, radix: 16)) should widen to NaN")
            }
        }
        XCTAssertEqual(checked, 65536 - 2 * 1023)
    }

    func testEveryHalfRoundTrips() {
        for bits in 0...0xffff {
            let h = UInt16(bits)
            let back = Half.toHalf(Half.toFloat(h))
            if (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0 {
                // NaN: payload kept, made quiet (signalling NaNs gain the quiet bit).
                XCTAssertEqual(back, h | 0x0200, "NaN 0x\(String(h, radix: 16))")
            } else {
                XCTAssertEqual(back, h, "half 0x\(String(h, radix: 16))")
            }
        }
    }

    func testHandComputedWidening() {
        XCTAssertEqual(Half.toFloat(0x3c00), 1.0)
        XCTAssertEqual(Half.toFloat(0xc000), -2.0)
        XCTAssertEqual(Half.toFloat(0x7bff), 65504.0)                     // largest finite
        XCTAssertEqual(Half.toFloat(0x0400), 0x1p-14)                     // smallest normal
        XCTAssertEqual(Half.toFloat(0x0001), 0x1p-24)                     // smallest subnormal
        XCTAssertEqual(Half.toFloat(0x03ff), 1023 * 0x1p-24)              // largest subnormal
        XCTAssertEqual(Half.toFloat(0x3555), 0.333251953125)              // 1/3 rounded: 1365/4096
        XCTAssertEqual(Half.toFloat(0x7c00), .infinity)
        XCTAssertEqual(Half.toFloat(0xfc00), -.infinity)
        XCTAssertEqual(Half.toFloat(0x8000).bitPattern, (-0.0 as Float).bitPattern)
        XCTAssertEqual(Half.toFloat(0x7e00).bitPattern, 0x7fc0_0000)      // canonical quiet NaN
    }

    func testHandComputedNarrowing() {
        XCTAssertEqual(Half.toHalf(1.0), 0x3c00)
        XCTAssertEqual(Half.toHalf(0.1), 0x2e66)                  // 0.0999755859375 is nearest
        XCTAssertEqual(Half.toHalf(-0.0), 0x8000)
        XCTAssertEqual(Half.toHalf(65504), 0x7bff)
        XCTAssertEqual(Half.toHalf(65519.99), 0x7bff)             // below the midpoint to 65536
        XCTAssertEqual(Half.toHalf(65520), 0x7c00)                // the tie rounds to even: infinity
        XCTAssertEqual(Half.toHalf(1e10), 0x7c00)
        XCTAssertEqual(Half.toHalf(-1e10), 0xfc00)
        XCTAssertEqual(Half.toHalf(.infinity), 0x7c00)
        XCTAssertEqual(Half.toHalf(1 + 0x1p-11), 0x3c00)          // tie between 0x3c00 and 0x3c01: even
        XCTAssertEqual(Half.toHalf(1 + 3 * 0x1p-11), 0x3c02)      // tie between 0x3c01 and 0x3c02: even
        XCTAssertEqual(Half.toHalf(1 + 0x1p-11 + 0x1p-20), 0x3c01) // just above the tie
        XCTAssertEqual(Half.toHalf(0x1p-25), 0x0000)              // half the smallest subnormal: tie to 0
        XCTAssertEqual(Half.toHalf(0x1p-25 * 1.0000001), 0x0001)
        XCTAssertEqual(Half.toHalf(3 * 0x1p-25), 0x0002)          // tie between 1 and 2 units: even
        XCTAssertEqual(Half.toHalf(1023.5 * 0x1p-24), 0x0400)     // subnormal rounds up into the normals
        XCTAssertEqual(Half.toHalf(0x1p-30), 0x0000)
        XCTAssertEqual(Half.toHalf(-0x1p-30), 0x8000)             // underflow keeps the sign
        XCTAssertEqual(Half.toHalf(.nan), 0x7e00)
        XCTAssertEqual(Half.toHalf(Float(bitPattern: 0xffc0_0001)) & 0xfe00, 0xfe00)  // negative NaN stays NaN
        XCTAssertEqual(Half.round(0.1), 0.0999755859375)
    }

    /// Every midpoint between adjacent halves (finite, both signs): exactly at the midpoint the
    /// even neighbour wins, one float ulp either side the nearer one does.
    func testEveryRoundingBoundary() {
        for bits in 0..<0x7bff {
            let lo = UInt16(bits), hi = lo + 1
            let a = Half.toFloat(lo), b = Half.toFloat(hi)
            let mid = (a + b) / 2
            XCTAssertEqual(Double(mid), (Double(a) + Double(b)) / 2, "midpoint must be exact")
            let even = lo & 1 == 0 ? lo : hi
            for sign: UInt16 in [0, 0x8000] {
                let s: Float = sign == 0 ? 1 : -1
                XCTAssertEqual(Half.toHalf(s * mid), even | sign, "tie at \(s * mid)")
                XCTAssertEqual(Half.toHalf(s * mid.nextDown), lo | sign, "below \(s * mid)")
                XCTAssertEqual(Half.toHalf(s * mid.nextUp), hi | sign, "above \(s * mid)")
            }
        }
    }

    #if !(os(macOS) && arch(x86_64))
    /// Against the compiler's Float16 conversion over a million float bit patterns.
    func testAgreesWithSwiftFloat16() {
        var bits: UInt32 = 0
        var compared = 0
        while true {
            let f = Float(bitPattern: bits)
            if !f.isNaN {
                XCTAssertEqual(Half.toHalf(f), Float16(f).bitPattern, "float bits 0x\(String(bits, radix: 16))")
                compared += 1
            }
            let (next, overflow) = bits.addingReportingOverflow(4099)
            if overflow { break }
            bits = next
        }
        XCTAssertGreaterThan(compared, 1_000_000)
    }
    #endif

    func testBulkConversionsMatchScalar() {
        let floats: [Float] = [0, -1.5, 3.14159, 70000, -1e-6, .infinity]
        let halves = Half.toHalves(floats)
        XCTAssertEqual(halves, floats.map(Half.toHalf))
        XCTAssertEqual(Half.toFloats(halves), halves.map(Half.toFloat))
        XCTAssertEqual(Half.toFloats(halves)[2], 3.140625)  // 0x4248
    }
}
