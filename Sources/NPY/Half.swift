/// Exact IEEE 754 binary16 <-> binary32 conversion on bit patterns.
///
/// Written by hand rather than through Swift's `Float16` because `Float16` is unavailable on
/// some hosts (macOS on Intel) and because the interpreter needs the exact same rounding on
/// every host: round to nearest, ties to even; subnormals kept; overflow to infinity; NaN
/// payloads kept in their top bits and made quiet (as x86 F16C and ARM FCVT do).
/// Half to float is exact for every input, so `toHalf(toFloat(h)) == h` for every
/// non-NaN `h` (and for every quiet NaN).
public enum Half {
    /// Widens a half (as its bit pattern) to a float. Exact.
    @inline(__always)
    public static func toFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1f
        let mantissa = UInt32(bits & 0x3ff)
        if exponent == 0x1f {
            // Infinity or NaN: keep the payload, shifted to the top of the float mantissa.
            return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13))
        }
        if exponent == 0 {
            // Zero or subnormal: mantissa * 2^-24, exact in a float (at most 10 significant bits).
            let magnitude = Float(mantissa) * 0x1p-24
            return Float(bitPattern: sign | magnitude.bitPattern)
        }
        // Normal: rebias the exponent from 15 to 127.
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    /// Narrows a float to a half bit pattern, rounding to nearest, ties to even.
    @inline(__always)
    public static func toHalf(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let magnitude = bits & 0x7fff_ffff
        if magnitude >= 0x7f80_0000 {
            if magnitude == 0x7f80_0000 { return sign | 0x7c00 }  // infinity
            // NaN: quiet bit set, top 9 payload bits kept.
            return sign | 0x7e00 | UInt16(truncatingIfNeeded: (magnitude >> 13) & 0x3ff)
        }
        if magnitude >= 0x477f_f000 {
            // >= 65520 = 65504 + half an ulp: rounds to infinity (the tie goes to the even infinity).
            return sign | 0x7c00
        }
        if magnitude < 0x3880_0000 {
            // Below 2^-14, the smallest normal half: the result is subnormal (or zero, or rounds
            // up to the smallest normal, whose encoding 0x0400 is exactly the count 1024).
            // Scaling by 2^24 is exact, and rounding to an integer is the half rounding.
            let units = (Float(bitPattern: magnitude) * 0x1p24).rounded(.toNearestOrEven)
            return sign | UInt16(units)
        }
        // Normal: rebias the exponent, keep 10 mantissa bits, round on the 13 dropped ones.
        // A carry out of the mantissa correctly bumps the exponent (and reaches 0x7c00 only
        // for values caught above).
        var half = ((magnitude >> 23) - 112) << 10 | ((magnitude >> 13) & 0x3ff)
        let dropped = magnitude & 0x1fff
        if dropped > 0x1000 || (dropped == 0x1000 && (half & 1) == 1) { half += 1 }
        return sign | UInt16(truncatingIfNeeded: half)
    }

    /// Widens an array of half bit patterns.
    public static func toFloats(_ halves: [UInt16]) -> [Float] {
        halves.withUnsafeBufferPointer { toFloats($0) }
    }

    /// Widens a buffer of half bit patterns.
    public static func toFloats(_ halves: UnsafeBufferPointer<UInt16>) -> [Float] {
        [Float](unsafeUninitializedCapacity: halves.count) { out, count in
            for i in 0..<halves.count { out[i] = toFloat(halves[i]) }
            count = halves.count
        }
    }

    /// Narrows an array of floats to half bit patterns.
    public static func toHalves(_ floats: [Float]) -> [UInt16] {
        floats.withUnsafeBufferPointer { toHalves($0) }
    }

    /// Narrows a buffer of floats to half bit patterns.
    public static func toHalves(_ floats: UnsafeBufferPointer<Float>) -> [UInt16] {
        [UInt16](unsafeUninitializedCapacity: floats.count) { out, count in
            for i in 0..<floats.count { out[i] = toHalf(floats[i]) }
            count = floats.count
        }
    }

    /// Rounds a float to the nearest half and back: what storing it as fp16 does to it.
    @inline(__always)
    public static func round(_ value: Float) -> Float { toFloat(toHalf(value)) }
}
