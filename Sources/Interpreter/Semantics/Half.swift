import ISA

/// IEEE binary16 <-> binary32/64 on bit patterns, with every rounding mode of the ISA.
/// Local to the interpreter (no dependency on NPY) and written by hand because Swift's
/// `Float16` is missing on some hosts and rounds only to nearest.
enum Half {
    /// Exact widening.
    @inline(__always)
    static func toFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let e = UInt32(bits >> 10) & 0x1f
        let m = UInt32(bits & 0x3ff)
        if e == 0x1f { return Float(bitPattern: sign | 0x7f80_0000 | (m << 13)) }
        if e == 0 { return Float(bitPattern: sign | (Float(m) * 0x1p-24).bitPattern) }
        return Float(bitPattern: sign | ((e + 112) << 23) | (m << 13))
    }

    @inline(__always)
    static func fromFloat(_ v: Float, _ mode: RoundMode) -> UInt16 { mode == .rn ? fromFloatRN(v) : fromDouble(Double(v), mode) }

    /// Narrowing to nearest even on the bits (F. Giesen's float_to_half_fast3_rtne), the same
    /// result as `fromDouble(Double(v), .rn)` for every Float (HalfTests compares them): every
    /// f16 vector result goes through here, and the general path divides and rounds a Double.
    /// (The host's F16C instruction would do it in one, but Swift has no portable way to ask
    /// for it, and the bit version is branch-light enough.)
    @inline(__always)
    static func fromFloatRN(_ v: Float) -> UInt16 {
        let bits = v.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let a = bits & 0x7fff_ffff
        // 65536 and above (and infinities, NaN): infinity, or the quiet NaN of `fromDouble`.
        if a >= (127 + 16) << 23 { return sign | (a > 0x7f80_0000 ? 0x7e00 : 0x7c00) }
        if a < 113 << 23 {
            // Subnormal or zero f16: adding 0.5 (2^-1, exponent 126) aligns the f16 ulp 2^-24
            // with the f32 ulp, so the FPU's own nearest-even rounding does the work.
            let magic = Float(bitPattern: 126 << 23)
            return sign | UInt16(truncatingIfNeeded: (Float(bitPattern: a) + magic).bitPattern &- magic.bitPattern)
        }
        // Normal: rebias, round to nearest even at bit 13 (a carry may reach infinity: right).
        let odd = (a >> 13) & 1
        return sign | UInt16(truncatingIfNeeded: (a &+ (UInt32(bitPattern: Int32(15 - 127)) << 23) &+ 0xfff &+ odd) >> 13)
    }

    /// Narrowing with a rounding mode. `x` must be exactly representable as the value to round
    /// (a Float or an Int32 widened to Double is). NaN gives a quiet NaN keeping the sign;
    /// overflow gives infinity, or the largest finite half when the mode rounds toward zero.
    static func fromDouble(_ x: Double, _ mode: RoundMode) -> UInt16 {
        let sign: UInt16 = x.sign == .minus ? 0x8000 : 0
        if x.isNaN { return sign | 0x7e00 }
        let a = abs(x)
        if a.isInfinite { return sign | 0x7c00 }
        if a == 0 { return sign }
        // Rounding of the magnitude: floor/ceil flip for negative numbers.
        let rule: FloatingPointRoundingRule
        switch mode {
        case .rn: rule = .toNearestOrEven
        case .ra: rule = .toNearestOrAwayFromZero
        case .rz: rule = .towardZero
        case .floor: rule = sign != 0 ? .awayFromZero : .towardZero
        case .ceil: rule = sign != 0 ? .towardZero : .awayFromZero
        }
        // ulp of the result: 2^-24 below 2^-14 (subnormals), else 2^(e-10).
        let e = Swift.max(a.exponent, -14)
        let ulp = Double(sign: .plus, exponent: e - 10, significand: 1)
        let q = (a / ulp).rounded(rule)
        let m = q * ulp
        if m > 65504 {
            return rule == .towardZero ? sign | 0x7bff : sign | 0x7c00
        }
        if m < 0x1p-14 { return sign | UInt16(m * 0x1p24) }   // subnormal; 1024 would be the smallest normal
        let me = m.exponent
        let frac = UInt16((m / Double(sign: .plus, exponent: me, significand: 1) - 1) * 1024)
        return sign | UInt16(me + 15) << 10 | frac
    }
}

/// Float helpers shared by the scalar and vector units.
enum FloatOps {
    /// min/max propagate NaN (either operand NaN gives NaN): the vector unit's rule, used for
    /// `fmin`/`fmax` too so both units agree.
    @inline(__always) static func min(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : (b < a ? b : a) }
    @inline(__always) static func max(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : (b > a ? b : a) }

    /// Double (exact integer or float value) to Float with a rounding mode.
    static func toFloat(_ d: Double, _ mode: RoundMode) -> Float {
        let f = Float(d)
        if Double(f) == d || d.isNaN || f.isInfinite && mode == .rn { return f }
        switch mode {
        case .rn: return f
        case .rz: return abs(Double(f)) > abs(d) ? (d > 0 ? f.nextDown : f.nextUp) : f
        case .floor: return Double(f) > d ? f.nextDown : f
        case .ceil: return Double(f) < d ? f.nextUp : f
        case .ra:
            let g = Double(f) < d ? f.nextUp : f.nextDown
            if abs(Double(g) - d) == abs(Double(f) - d) { return abs(g) > abs(f) ? g : f }
            return f
        }
    }

    /// Float (as Double) to Int32 with a rounding mode, saturating; NaN gives 0.
    static func toInt32(_ d: Double, _ mode: RoundMode) -> Int32 {
        if d.isNaN { return 0 }
        let r = d.rounded(mode.floatingPointRule)
        if r >= 2147483647 { return .max }
        if r <= -2147483648 { return .min }
        return Int32(r)
    }
}
