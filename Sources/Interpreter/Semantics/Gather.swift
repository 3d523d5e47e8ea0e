import ISA

/// The UB gather: `dst[i]` = the element at UB byte `src + offsets[i]` (offsets are u32 bytes
/// held in the UB). 2-byte elements (f16) and 4-byte elements (f32, i32, u32); offsets must be
/// even (the 4-byte form at 2-byte alignment is how xMSDA fetches two neighbouring f16 pixels)
/// and the element inside the UB; `dst` and `src` must differ.
///
/// The gather quirk (`Machine.gatherQuirk`, brief "Vector instructions", xMSDA paper 4.1): a
/// 4-byte element whose UB byte address is 30 (mod 32) straddles two 32-byte blocks. On the real
/// chip it comes back wrong; the model returns the 2 bytes at the address followed by the first
/// 2 bytes of the SAME 32-byte block (address - 30), i.e. the read wraps within its block. With
/// `RunOptions.strict` it is an error (`gather.straddle`) instead.
extension Core {
    func gather(_ op: DecodedInstruction) -> Bool {
        guard let n = count(op.o3, op) else { return false }
        let t = op.elementType, size = t.size, bytes = n * size
        if op.o0 == op.o1 {
            return fail("gather.same", "gather: dst and src are the same UB address \(op.o0); they must differ", pc: op.pc, pipe: op.pipe,
                        addresses: [UInt64(bitPattern: op.o0)])
        }
        guard checkUB(op.o1, 0, align: 32, op, "source base"), operand(op.o2, n * 4, write: false, op, "offsets"),
              operand(op.o0, bytes, write: true, op, "destination") else { return false }
        costVector(op, size == 2 ? .gather16 : .gather32, bytes: bytes)
        let offs = source(op.o2, n * 4, dst: op.o0, bytes, slot: 1)
        let out = scratch
        let quirk = ctx.machine.gatherQuirk, strict = ctx.options.strict
        if gatherFast(op, n, size, offs, quirk: quirk, strict: strict) {
            (ub + Int(op.o0)).copyMemory(from: out, byteCount: bytes)
            return true
        }
        // The exact path: element by element, reporting the first bad offset or race in order.
        for i in 0..<n {
            let off = Int64(El.u(offs, i))
            let addr = op.o1 + off
            if off & 1 != 0 || addr + Int64(size) > Int64(ubBytes) {
                return gatherOffsetError(op, i, off, addr, size)
            }
            if race != nil, !touch(op.pipe, addr, size, write: false, op) { return false }
            let p = ub + Int(addr)
            if size == 2 {
                out.storeBytes(of: p.load(as: UInt16.self), toByteOffset: 2 * i, as: UInt16.self)
            } else if addr & 31 == 30 {
                if strict {
                    return fail("gather.straddle",
                                "gather: 4-byte element \(i) at UB byte \(addr) (offset \(off)) straddles two 32-byte blocks (address mod 32 = 30); the result is undefined on the 910B",
                                pc: op.pc, pipe: op.pipe, addresses: [UInt64(addr)], notes: ["pad the data so that no 4-byte pair starts at 30 mod 32"])
                }
                let lo = p.load(as: UInt16.self)
                let hi = quirk ? (p - 30).load(as: UInt16.self) : p.load(fromByteOffset: 2, as: UInt16.self)
                out.storeBytes(of: UInt32(lo) | UInt32(hi) << 16, toByteOffset: 4 * i, as: UInt32.self)
            } else {
                out.storeBytes(of: p.loadUnaligned(as: UInt32.self), toByteOffset: 4 * i, as: UInt32.self)
            }
        }
        (ub + Int(op.o0)).copyMemory(from: out, byteCount: bytes)
        return true
    }

    /// The gather without errors: every element into `scratch` in a tight loop, then the race
    /// marks of the distinct granules read (`UBRaceChecker.markRead`). False, with nothing
    /// reported, if an offset is bad, a straddle is an error (`strict`) or a read races: the
    /// caller then runs the exact element-by-element path, which reports the first problem.
    @inline(__always)
    func gatherFast(_ op: DecodedInstruction, _ n: Int, _ size: Int, _ offs: UnsafeRawPointer, quirk: Bool, strict: Bool) -> Bool {
        if let r = race {
            guard let (lo, hi) = gatherLoop(n, size, op.o1, offs, quirk: quirk, strict: strict, marks: r.pending) else {
                r.clearPending()
                return false
            }
            return n == 0 || !r.flushReads(pipe: Int(op.pipe), pc: op.pc, first: Int(lo) >> 5, last: (Int(hi) + size - 1) >> 5)
        }
        return gatherLoop(n, size, op.o1, offs, quirk: quirk, strict: strict, marks: nil) != nil
    }

    /// Every element into `scratch`, marking its granules in `marks` if given (the race
    /// checker's `pending` map as `UBRaceChecker.markRead` marks it, passed as a pointer so that
    /// the loop keeps it in a register); returns the lowest and highest UB address read. Nil at
    /// the first offset that is bad or straddles under `strict`.
    @inline(__always)
    func gatherLoop(_ n: Int, _ size: Int, _ base: Int64, _ offs: UnsafeRawPointer, quirk: Bool, strict: Bool,
                    marks: UnsafeMutablePointer<UInt8>?) -> (Int64, Int64)? {
        let out = scratch, limit = Int64(ubBytes) - Int64(size)
        var lo = Int64.max, hi = Int64.min
        if size == 2 {
            for i in 0..<n {
                let addr = base &+ Int64(El.u(offs, i))
                if addr & 1 != 0 || addr > limit { return nil }
                lo = Swift.min(lo, addr); hi = Swift.max(hi, addr)
                if let m = marks { m[Int(addr) &>> 5] = 1 }
                out.storeBytes(of: ub.load(fromByteOffset: Int(addr), as: UInt16.self), toByteOffset: 2 &* i, as: UInt16.self)
            }
        } else {
            for i in 0..<n {
                let addr = base &+ Int64(El.u(offs, i))
                if addr & 1 != 0 || addr > limit { return nil }
                lo = Swift.min(lo, addr); hi = Swift.max(hi, addr)
                if let m = marks { m[Int(addr) &>> 5] = 1 }
                let p = ub + Int(addr)
                var v = p.loadUnaligned(as: UInt32.self)
                if addr & 31 == 30 {
                    // The only even address whose 4 bytes reach the next granule.
                    if let m = marks { m[(Int(addr) &>> 5) &+ 1] = 1 }
                    if strict { return nil }
                    if quirk { v = UInt32(p.load(as: UInt16.self)) | UInt32((p - 30).load(as: UInt16.self)) << 16 }
                }
                out.storeBytes(of: v, toByteOffset: 4 &* i, as: UInt32.self)
            }
        }
        return (lo, hi)
    }

    @inline(never)
    func gatherOffsetError(_ op: DecodedInstruction, _ i: Int, _ off: Int64, _ addr: Int64, _ size: Int) -> Bool {
        let why = off & 1 != 0 ? "is odd (offsets must be 2-byte aligned)" : "puts the \(size)-byte element at UB bytes [\(addr), \(addr + Int64(size))) outside the UB (\(ubBytes) bytes)"
        return fail("gather.offset", "gather: offset \(i) = \(off) \(why)", pc: op.pc, pipe: op.pipe, addresses: [UInt64(addr)])
    }
}
