import ISA

/// Compare, select and mask logic. A mask holds one bit per element, LSB first: bit i is bit
/// (i mod 8) of byte i / 8. Instructions that write a mask write ceil(n / 8) bytes and clear the
/// unused high bits of the last byte. Float compares are ordered (NaN: false, except ne).
/// Cost class: eq/lt/gt `compareFast`, ge/le/ne `compareSlow` (PTO figures in the brief).
extension Core {
    func vectorCompare(_ op: DecodedInstruction) -> Bool {
        switch op.opcode {
        case 0x60, 0x61: return compare(op)
        case 0x62, 0x63: return select(op)
        default: return maskLogic(op)
        }
    }

    private func compare(_ op: DecodedInstruction) -> Bool {
        guard let n = count(op.o3, op) else { return false }
        let t = op.elementType, bytes = n * t.size, mbytes = (n + 7) / 8
        let cond = Condition(rawValue: UInt8(truncatingIfNeeded: op.o4)) ?? .eq
        let withScalar = op.opcode == 0x61
        guard operand(op.o1, bytes, write: false, op, "source a"),
              withScalar || operand(op.o2, bytes, write: false, op, "source b"),
              operand(op.o0, mbytes, write: true, op, "mask") else { return false }
        costVector(op, [.eq, .lt, .gt].contains(cond) ? .compareFast : .compareSlow, bytes: bytes)
        let a = source(op.o1, bytes, dst: op.o0, mbytes, slot: 0)
        let b = withScalar ? a : source(op.o2, bytes, dst: op.o0, mbytes, slot: 1)
        let m = ub + Int(op.o0)
        let half = t == .f16
        let sf = El.scalarF(op.o2, half: half), si = Int64(Int32(truncatingIfNeeded: op.o2))
        var byte: UInt8 = 0
        for i in 0..<n {
            let bit: Bool
            if t.isFloat {
                bit = cond.holds(El.f(a, i, half: half), withScalar ? sf : El.f(b, i, half: half))
            } else {
                bit = cond.holds(Int64(El.i(a, i)), withScalar ? si : Int64(El.i(b, i)))
            }
            if bit { byte |= 1 << UInt8(i & 7) }
            if i & 7 == 7 { m.storeBytes(of: byte, toByteOffset: i >> 3, as: UInt8.self); byte = 0 }
        }
        if n & 7 != 0 { m.storeBytes(of: byte, toByteOffset: n >> 3, as: UInt8.self) }
        return true
    }

    private func select(_ op: DecodedInstruction) -> Bool {
        guard let n = count(op.o4, op) else { return false }
        let t = op.elementType, size = t.size, bytes = n * size, mbytes = (n + 7) / 8
        let withScalar = op.opcode == 0x63
        guard operand(op.o1, mbytes, write: false, op, "mask"), operand(op.o2, bytes, write: false, op, "source a"),
              withScalar || operand(op.o3, bytes, write: false, op, "source b"),
              operand(op.o0, bytes, write: true, op, "destination") else { return false }
        costVector(op, .select, bytes: bytes)
        let m = source(op.o1, mbytes, dst: op.o0, bytes, slot: 0)
        let a = source(op.o2, bytes, dst: op.o0, bytes, slot: 1)
        let d = ub + Int(op.o0)
        if withScalar {
            // The scalar as an element of the type: f16 rounds the f32 immediate once.
            var s = UInt32(truncatingIfNeeded: op.o3)
            if t == .f16 { s = UInt32(Half.fromFloat(Float(bitPattern: s), .rn)) }
            for i in 0..<n {
                if El.bit(m, i) { (d + i * size).copyMemory(from: a + i * size, byteCount: size) }
                else if size == 2 { d.storeBytes(of: UInt16(truncatingIfNeeded: s), toByteOffset: i * 2, as: UInt16.self) }
                else { El.setU(d, i, s) }
            }
        } else {
            let bb = source(op.o3, bytes, dst: op.o0, bytes, slot: 2)
            for i in 0..<n {
                let src = El.bit(m, i) ? a : bb
                (d + i * size).copyMemory(from: src + i * size, byteCount: size)
            }
        }
        return true
    }

    private func maskLogic(_ op: DecodedInstruction) -> Bool {
        let isNot = op.opcode == 0x66
        guard let n = count(isNot ? op.o2 : op.o3, op) else { return false }
        let mbytes = (n + 7) / 8
        guard operand(op.o1, mbytes, write: false, op, "mask a"), isNot || operand(op.o2, mbytes, write: false, op, "mask b"),
              operand(op.o0, mbytes, write: true, op, "destination mask") else { return false }
        costVector(op, .binary, bytes: mbytes)
        let d = ub + Int(op.o0)
        // Byte-wise operations read byte k before writing byte k, so overlap at equal
        // addresses is safe; other overlaps go through scratch.
        let a = source(op.o1, mbytes, dst: op.o0, mbytes, slot: 0)
        let b = isNot ? a : source(op.o2, mbytes, dst: op.o0, mbytes, slot: 1)
        for k in 0..<mbytes {
            let x = a.load(fromByteOffset: k, as: UInt8.self), y = b.load(fromByteOffset: k, as: UInt8.self)
            var v: UInt8 = op.opcode == 0x64 ? x & y : op.opcode == 0x65 ? x | y : ~x
            if k == mbytes - 1 && n & 7 != 0 { v &= UInt8((1 << (n & 7)) - 1) }
            d.storeBytes(of: v, toByteOffset: k, as: UInt8.self)
        }
        return true
    }
}
