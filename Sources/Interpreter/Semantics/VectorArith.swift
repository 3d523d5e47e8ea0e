import ISA

/// Element-wise vector arithmetic: vadd vsub vmul vdiv vmax vmin vand vor vmla (two vector
/// sources) and vadds vmuls vmaxs vmins vaxpy vdup vmov vci (a scalar or one source).
/// Integers wrap (two's complement); u32 max/min compare unsigned; float max/min propagate NaN;
/// vmla and vaxpy compute `dst + a * b` as two f32 operations (not fused), rounded once to f16.
extension Core {
    func vectorBinary(_ op: DecodedInstruction) -> Bool {
        guard let n = count(op.o3, op) else { return false }
        let t = op.elementType, bytes = n * t.size
        let isMla = op.opcode == 0x48
        guard operand(op.o1, bytes, write: false, op, "source a"), operand(op.o2, bytes, write: false, op, "source b"),
              !isMla || accumulator(op.o0, bytes, op),
              operand(op.o0, bytes, write: true, op, "destination") else { return false }
        costVector(op, op.opcode == 0x43 ? .div : .binary, bytes: bytes)
        let d = ub + Int(op.o0)
        let a = source(op.o1, bytes, dst: op.o0, bytes, slot: 0), b = source(op.o2, bytes, dst: op.o0, bytes, slot: 1)
        let half = t == .f16
        if t.isFloat {
            switch op.opcode {
            case 0x40: floatLoop(n, d, a, b, half) { $0 + $1 }
            case 0x41: floatLoop(n, d, a, b, half) { $0 - $1 }
            case 0x42: floatLoop(n, d, a, b, half) { $0 * $1 }
            case 0x43: floatLoop(n, d, a, b, half) { $0 / $1 }
            case 0x44: floatLoop(n, d, a, b, half) { FloatOps.max($0, $1) }
            case 0x45: floatLoop(n, d, a, b, half) { FloatOps.min($0, $1) }
            case 0x48: mlaLoop(n, d, a, b, half)
            default: return badType(op)
            }
            return true
        }
        let signed = t == .i32
        switch op.opcode {
        case 0x40: intLoop(n, d, a, b) { $0 &+ $1 }
        case 0x41: intLoop(n, d, a, b) { $0 &- $1 }
        case 0x42: intLoop(n, d, a, b) { $0 &* $1 }
        case 0x44: intLoop(n, d, a, b) { signed ? (Int32(bitPattern: $0) >= Int32(bitPattern: $1) ? $0 : $1) : Swift.max($0, $1) }
        case 0x45: intLoop(n, d, a, b) { signed ? (Int32(bitPattern: $0) <= Int32(bitPattern: $1) ? $0 : $1) : Swift.min($0, $1) }
        case 0x46: intLoop(n, d, a, b) { $0 & $1 }
        case 0x47: intLoop(n, d, a, b) { $0 | $1 }
        default: return badType(op)
        }
        return true
    }

    func vectorScalar(_ op: DecodedInstruction) -> Bool {
        let t = op.elementType, half = t == .f16
        // Operand layout: vadds..vaxpy: dst, a, s, n; vdup/vci: dst, s, n; vmov: dst, a, n.
        let hasSource = op.opcode <= 0x54 || op.opcode == 0x56
        let nRaw = op.opcode <= 0x54 ? op.o3 : op.o2
        guard let n = count(nRaw, op) else { return false }
        let bytes = n * t.size
        let s = op.opcode <= 0x54 ? op.o2 : op.o1
        let isAxpy = op.opcode == 0x54
        guard !hasSource || operand(op.o1, bytes, write: false, op, "source"),
              !isAxpy || accumulator(op.o0, bytes, op),
              operand(op.o0, bytes, write: true, op, "destination") else { return false }
        costVector(op, op.opcode <= 0x54 ? .binaryScalar : .dup, bytes: bytes)
        let d = ub + Int(op.o0)
        let a = hasSource ? source(op.o1, bytes, dst: op.o0, bytes, slot: 0) : UnsafeRawPointer(d)
        if t.isFloat {
            let sf = El.scalarF(s, half: half)
            switch op.opcode {
            case 0x50: floatLoop(n, d, a, a, half) { x, _ in x + sf }
            case 0x51: floatLoop(n, d, a, a, half) { x, _ in x * sf }
            case 0x52: floatLoop(n, d, a, a, half) { x, _ in FloatOps.max(x, sf) }
            case 0x53: floatLoop(n, d, a, a, half) { x, _ in FloatOps.min(x, sf) }
            case 0x54:
                if half { for i in 0..<n { El.setF(d, i, El.f(d, i, half: true) + El.f(a, i, half: true) * sf, half: true) } }
                else { for i in 0..<n { d.storeBytes(of: d.load(fromByteOffset: i &* 4, as: Float.self) + a.load(fromByteOffset: i &* 4, as: Float.self) * sf, toByteOffset: i &* 4, as: Float.self) } }
            case 0x55: for i in 0..<n { El.setF(d, i, sf, half: half) }
            case 0x56: if a != UnsafeRawPointer(d) { d.copyMemory(from: a, byteCount: bytes) }
            case 0x57: for i in 0..<n { El.setF(d, i, sf + Float(i), half: half) }
            default: return badType(op)
            }
            return true
        }
        let su = UInt32(truncatingIfNeeded: s)
        let signed = t == .i32
        switch op.opcode {
        case 0x50: intLoop(n, d, a, a) { x, _ in x &+ su }
        case 0x51: intLoop(n, d, a, a) { x, _ in x &* su }
        case 0x52: intLoop(n, d, a, a) { x, _ in signed ? (Int32(bitPattern: x) >= Int32(bitPattern: su) ? x : su) : Swift.max(x, su) }
        case 0x53: intLoop(n, d, a, a) { x, _ in signed ? (Int32(bitPattern: x) <= Int32(bitPattern: su) ? x : su) : Swift.min(x, su) }
        case 0x55: for i in 0..<n { El.setU(d, i, su) }
        case 0x56: if a != UnsafeRawPointer(d) { d.copyMemory(from: a, byteCount: bytes) }
        case 0x57: for i in 0..<n { El.setU(d, i, su &+ UInt32(truncatingIfNeeded: i)) }
        default: return badType(op)
        }
        return true
    }

    @inline(__always)
    func floatLoop(_ n: Int, _ d: UnsafeMutableRawPointer, _ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ half: Bool,
                   _ f: (Float, Float) -> Float) {
        if half {
            for i in 0..<n { El.setF(d, i, f(El.f(a, i, half: true), El.f(b, i, half: true)), half: true) }
        } else {
            for i in 0..<n { d.storeBytes(of: f(a.load(fromByteOffset: i &* 4, as: Float.self), b.load(fromByteOffset: i &* 4, as: Float.self)), toByteOffset: i &* 4, as: Float.self) }
        }
    }

    /// d = d + a * b (two roundings in f32, not fused), one loop per type so that the f32 one is
    /// a plain loop over raw pointers.
    @inline(__always)
    func mlaLoop(_ n: Int, _ d: UnsafeMutableRawPointer, _ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ half: Bool) {
        if half {
            for i in 0..<n { El.setF(d, i, El.f(d, i, half: true) + El.f(a, i, half: true) * El.f(b, i, half: true), half: true) }
        } else {
            for i in 0..<n {
                let p = a.load(fromByteOffset: i &* 4, as: Float.self) * b.load(fromByteOffset: i &* 4, as: Float.self)
                d.storeBytes(of: d.load(fromByteOffset: i &* 4, as: Float.self) + p, toByteOffset: i &* 4, as: Float.self)
            }
        }
    }

    @inline(__always)
    func intLoop(_ n: Int, _ d: UnsafeMutableRawPointer, _ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ f: (UInt32, UInt32) -> UInt32) {
        for i in 0..<n { El.setU(d, i, f(El.u(a, i), El.u(b, i))) }
    }

    @inline(never)
    func badType(_ op: DecodedInstruction) -> Bool {
        fail("program.invalid", "\(mnemonic(op)): this type suffix is not supported", pc: op.pc, pipe: op.pipe)
    }
}
