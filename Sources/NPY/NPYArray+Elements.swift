/// Typed views of an array's bytes, converting between element types.
///
/// Reading as `[Float]` accepts every dtype (float16 and float64 convert exactly or by
/// rounding to nearest; integers above 2^24 round as `Float(_:)` does; bools are 0 and 1).
/// Reading as integers accepts only integer and bool dtypes, with range checks: a float
/// tensor where indices are expected is a mistake worth reporting, not silently truncating.
/// Writing converts to the array's current dtype and refuses values that do not fit
/// (`npy.convert`). The host is assumed little-endian (every platform Swift runs on is);
/// the loads go through `littleEndian` conversions anyway so the code stays correct.
extension NPYArray {
    /// The elements as floats.
    public func floats() throws(NPYError) -> [Float] {
        try validate()
        let n = count
        return data.withUnsafeBytes { raw in
            [Float](unsafeUninitializedCapacity: n) { out, initialized in
                switch dtype {
                case .float32:
                    for i in 0..<n { out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
                case .float16:
                    for i in 0..<n { out[i] = Half.toFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
                case .float64:
                    for i in 0..<n { out[i] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) }
                case .int32:
                    for i in 0..<n { out[i] = Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
                case .int64:
                    for i in 0..<n { out[i] = Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
                case .uint8:
                    for i in 0..<n { out[i] = Float(raw[i]) }
                case .bool:
                    for i in 0..<n { out[i] = raw[i] != 0 ? 1 : 0 }
                }
                initialized = n
            }
        }
    }

    /// The elements as 64-bit integers (integer and bool dtypes only).
    public func int64s() throws(NPYError) -> [Int64] {
        try validate()
        let n = count
        let dtype = self.dtype
        if dtype.isFloatingPoint {
            throw NPYError(.convert, file: "<array>", "the array holds \(dtype), not integers")
        }
        return data.withUnsafeBytes { raw in
            [Int64](unsafeUninitializedCapacity: n) { out, initialized in
                for i in 0..<n {
                    switch dtype {
                    case .int32: out[i] = Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
                    case .int64: out[i] = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))
                    case .uint8: out[i] = Int64(raw[i])
                    case .bool: out[i] = raw[i] != 0 ? 1 : 0
                    case .float16, .float32, .float64: out[i] = 0  // excluded above
                    }
                }
                initialized = n
            }
        }
    }

    /// The elements as 32-bit integers (integer and bool dtypes; int64 values must fit).
    public func int32s() throws(NPYError) -> [Int32] {
        let wide = try int64s()
        var out = [Int32]()
        out.reserveCapacity(wide.count)
        for (i, v) in wide.enumerated() {
            guard let narrow = Int32(exactly: v) else {
                throw NPYError(.convert, file: "<array>", "element \(i) (\(v)) does not fit in int32")
            }
            out.append(narrow)
        }
        return out
    }

    /// Replaces the elements, converting to the array's dtype. The count must match the shape.
    ///
    /// float16 rounds to nearest even (`Half.toHalf`); integer dtypes need integral values in
    /// range; bool stores `value != 0` as NumPy's `astype(bool)` does.
    public mutating func setFloats(_ values: [Float]) throws(NPYError) {
        try checkCount(values.count)
        let dtype = self.dtype
        if !dtype.isFloatingPoint && dtype != .bool {
            var wide: [Int64] = []
            wide.reserveCapacity(values.count)
            for (i, v) in values.enumerated() {
                guard let n = Int64(exactly: v) else {
                    throw NPYError(.convert, file: "<array>", "element \(i) (\(v)) is not an integer and cannot be stored as \(dtype)")
                }
                wide.append(n)
            }
            try setInt64s(wide)
            return
        }
        data.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                switch dtype {
                case .float32: raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self)
                case .float16: raw.storeBytes(of: Half.toHalf(v).littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                case .float64: raw.storeBytes(of: Double(v).bitPattern.littleEndian, toByteOffset: 8 * i, as: UInt64.self)
                case .bool: raw[i] = v != 0 ? 1 : 0
                case .int32, .int64, .uint8: break  // handled above
                }
            }
        }
    }

    /// Replaces the elements with 32-bit integers, converting to the array's dtype.
    public mutating func setInt32s(_ values: [Int32]) throws(NPYError) {
        try setInt64s(values.map(Int64.init))
    }

    /// Replaces the elements with 64-bit integers, converting to the array's dtype
    /// (floats exactly where representable, float16 and float32 rounding to nearest).
    public mutating func setInt64s(_ values: [Int64]) throws(NPYError) {
        try checkCount(values.count)
        let dtype = self.dtype
        for (i, v) in values.enumerated() {
            let fits: Bool
            switch dtype {
            case .int32: fits = Int32(exactly: v) != nil
            case .uint8: fits = UInt8(exactly: v) != nil
            case .bool: fits = v == 0 || v == 1
            default: fits = true
            }
            guard fits else { throw NPYError(.convert, file: "<array>", "element \(i) (\(v)) does not fit in \(dtype)") }
        }
        data.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                switch dtype {
                case .int32: raw.storeBytes(of: Int32(truncatingIfNeeded: v).littleEndian, toByteOffset: 4 * i, as: Int32.self)
                case .int64: raw.storeBytes(of: v.littleEndian, toByteOffset: 8 * i, as: Int64.self)
                case .uint8, .bool: raw[i] = UInt8(truncatingIfNeeded: v)
                case .float16: raw.storeBytes(of: Half.toHalf(Float(v)).littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                case .float32: raw.storeBytes(of: Float(v).bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self)
                case .float64: raw.storeBytes(of: Double(v).bitPattern.littleEndian, toByteOffset: 8 * i, as: UInt64.self)
                }
            }
        }
    }

    private func checkCount(_ n: Int) throws(NPYError) {
        try validate()
        guard n == count else {
            throw NPYError(.size, file: "<array>", "\(n) values given for shape \(shape) (\(count) elements)")
        }
    }
}
