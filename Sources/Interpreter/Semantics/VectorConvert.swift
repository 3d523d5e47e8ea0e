import ISA

/// vcvt.DST.SRC dst, a, n, mode. Float -> int conversions saturate to the integer range and give
/// 0 for NaN; int -> int conversions (u32 <-> i32) saturate too (negative -> 0, above
/// Int32.max -> Int32.max); f16 -> f32 is exact; every other narrowing rounds with `mode`.
extension Core {
    func vectorConvert(_ op: DecodedInstruction) -> Bool {
        guard let n = count(op.o2, op) else { return false }
        let dt = op.elementType, st = op.sourceType
        let dbytes = n * dt.size, sbytes = n * st.size
        let mode = RoundMode(rawValue: UInt8(truncatingIfNeeded: op.o3)) ?? .rn
        guard operand(op.o1, sbytes, write: false, op, "source"), operand(op.o0, dbytes, write: true, op, "destination") else { return false }
        costVector(op, .convert, bytes: max(dbytes, sbytes))
        let a = source(op.o1, sbytes, dst: op.o0, dbytes, slot: 0)
        // Same-address conversions that widen would overwrite unread elements: read from a copy.
        let src = (op.o1 == op.o0 && dt.size > st.size) ? copyToScratch(op.o1, sbytes) : a
        let d = ub + Int(op.o0)
        switch (dt, st) {
        case (.f32, .f16): for i in 0..<n { d.storeBytes(of: Half.toFloat(src.load(fromByteOffset: 2 * i, as: UInt16.self)), toByteOffset: 4 * i, as: Float.self) }
        case (.f16, .f32): for i in 0..<n { d.storeBytes(of: Half.fromFloat(src.load(fromByteOffset: 4 * i, as: Float.self), mode), toByteOffset: 2 * i, as: UInt16.self) }
        case (.f32, .i32): for i in 0..<n { d.storeBytes(of: FloatOps.toFloat(Double(El.i(src, i)), mode), toByteOffset: 4 * i, as: Float.self) }
        case (.i32, .f32): for i in 0..<n { d.storeBytes(of: FloatOps.toInt32(Double(src.load(fromByteOffset: 4 * i, as: Float.self)), mode), toByteOffset: 4 * i, as: Int32.self) }
        case (.f16, .i32): for i in 0..<n { d.storeBytes(of: Half.fromDouble(Double(El.i(src, i)), mode), toByteOffset: 2 * i, as: UInt16.self) }
        case (.i32, .f16): for i in 0..<n { d.storeBytes(of: FloatOps.toInt32(Double(Half.toFloat(src.load(fromByteOffset: 2 * i, as: UInt16.self))), mode), toByteOffset: 4 * i, as: Int32.self) }
        case (.u32, .i32): for i in 0..<n { El.setU(d, i, UInt32(max(0, El.i(src, i)))) }
        case (.i32, .u32): for i in 0..<n { El.setU(d, i, min(El.u(src, i), UInt32(Int32.max))) }
        default: return badType(op)
        }
        return true
    }

    func copyToScratch(_ addr: Int64, _ len: Int) -> UnsafeRawPointer {
        scratch.copyMemory(from: ub + Int(addr), byteCount: len)
        return UnsafeRawPointer(scratch)
    }
}
