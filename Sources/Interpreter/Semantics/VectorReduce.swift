import ISA

/// Reductions and broadcast.
///
/// vredsum order (fixed, so results are reproducible bit for bit): the n elements are cut into
/// repeats of 256 bytes (64 f32/i32, 128 f16). Within a repeat, a pairwise tree in f32: each
/// level adds neighbours (x0+x1, x2+x3, ...), an odd last element moves up unchanged, until one
/// value is left. The repeats' sums are then added left to right in f32: ((r0 + r1) + r2) + ...
/// f16 sources widen exactly and the final sum is rounded once to f16; i32 sums wrap; n = 0
/// gives 0. vgsum sums each group left to right in f32 (wrapping i32), rounded once for f16.
extension Core {
    func vectorReduce(_ op: DecodedInstruction) -> Bool {
        let t = op.elementType, size = t.size, half = t == .f16
        let d = ub + Int(op.o0)
        switch op.opcode {
        case 0x70:
            guard let n = count(op.o2, op) else { return false }
            guard operand(op.o1, n * size, write: false, op, "source"), operand(op.o0, size, write: true, op, "destination") else { return false }
            costVector(op, .reduce, bytes: n * size)
            let a = UnsafeRawPointer(ub + Int(op.o1))
            if t.isFloat {
                let v = Reduction.sum(a, n, half: half)
                El.setF(d, 0, v, half: half)
            } else {
                var s: UInt32 = 0
                for i in 0..<n { s &+= El.u(a, i) }
                El.setU(d, 0, s)
            }
        case 0x71:
            guard let n = count(op.o3, op) else { return false }
            let g = Int(op.o2)
            if g <= 0 || n % g != 0 {
                return fail("vector.group", "vgsum: n = \(n) is not a multiple of the group size \(op.o2)", pc: op.pc, pipe: op.pipe)
            }
            let groups = n / g
            guard operand(op.o1, n * size, write: false, op, "source"), operand(op.o0, groups * size, write: true, op, "destination") else { return false }
            costVector(op, .reduce, bytes: n * size)
            let a = source(op.o1, n * size, dst: op.o0, groups * size, slot: 0)
            for j in 0..<groups {
                if t.isFloat {
                    var s: Float = 0
                    for i in j * g ..< j * g + g { s += El.f(a, i, half: half) }
                    El.setF(d, j, s, half: half)
                } else {
                    var s: UInt32 = 0
                    for i in j * g ..< j * g + g { s &+= El.u(a, i) }
                    El.setU(d, j, s)
                }
            }
        default:
            guard let n = count(op.o3, op) else { return false }
            let k = Int(op.o2)
            if k <= 0 { return fail("vector.group", "vbcast: repeat count \(op.o2) must be positive", pc: op.pc, pipe: op.pipe) }
            let m = n / k + (n % k == 0 ? 0 : 1)  // ceil(n / k) without overflow for huge k
            guard operand(op.o1, m * size, write: false, op, "source"), operand(op.o0, n * size, write: true, op, "destination") else { return false }
            costVector(op, .dup, bytes: n * size)
            // Always through scratch: in place (dst == a) the forward loop would read overwritten elements.
            let a = copyToScratch(op.o1, m * size)
            for i in 0..<n { (d + i * size).copyMemory(from: a + (i / k) * size, byteCount: size) }
        }
        return true
    }
}

enum Reduction {
    /// The documented vredsum order over f32 (f16 widened).
    static func sum(_ a: UnsafeRawPointer, _ n: Int, half: Bool) -> Float {
        let per = half ? 128 : 64
        var total: Float = 0
        var buf = [Float](repeating: 0, count: per)
        var start = 0
        var first = true
        while start < n {
            var m = min(per, n - start)
            for i in 0..<m { buf[i] = El.f(a, start + i, half: half) }
            while m > 1 {
                let pairs = m / 2
                for i in 0..<pairs { buf[i] = buf[2 * i] + buf[2 * i + 1] }
                if m & 1 == 1 { buf[pairs] = buf[m - 1]; m = pairs + 1 } else { m = pairs }
            }
            total = first ? buf[0] : total + buf[0]
            first = false
            start += per
        }
        return total
    }
}
