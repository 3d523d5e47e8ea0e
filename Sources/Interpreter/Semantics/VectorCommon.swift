import ISA

/// Shared machinery of the vector instructions: operand checks, race marks, the cost record,
/// typed element access.
///
/// Rules common to every vector instruction (docs/CycleModel.md, "Vector semantics"):
/// - every UB operand is 32-byte aligned and lies inside the UB (`ub.align`, `ub.bounds`);
/// - `n` (the element count) is >= 0 (`vector.count`);
/// - all sources are read before the destination is written: a source that overlaps the
///   destination without starting at the same address is copied aside first;
/// - f16 arithmetic is done in f32 and rounded once to f16 (nearest even); for +, -, *, / this
///   equals correctly rounded f16 arithmetic because f32 has more than 2 x 11 + 2 bits;
/// - repeats (cost) = ceil(bytes / 256) of the widest operand.
extension Core {
    /// Checks an operand [addr, addr + len) (32-byte aligned, inside the UB) and marks it for
    /// the race check.
    @inline(__always)
    func operand(_ addr: Int64, _ len: Int, write: Bool, _ op: DecodedInstruction, _ what: String) -> Bool {
        if !checkUB(addr, len, align: 32, op, what) { return false }
        return touch(op.pipe, addr, len, write: write, op)
    }

    /// The accumulator of vmla/vaxpy: checked as a read like any operand, but not stamped. It is
    /// the destination too, and the destination's write, checked next, clears every read stamp
    /// of its granules: stamping them first was a whole pass of dead stores.
    @inline(__always)
    func accumulator(_ addr: Int64, _ len: Int, _ op: DecodedInstruction) -> Bool {
        if !checkUB(addr, len, align: 32, op, "accumulator") { return false }
        if let r = race?.checkRead(pipe: Int(op.pipe), addr: Int(addr), len: len) { return raceError(r, addr: addr, op) }
        return true
    }

    @inline(__always)
    func count(_ n: Int64, _ op: DecodedInstruction) -> Int? {
        if n < 0 || n > Int64(ubBytes) * 8 {
            _ = fail("vector.count", "\(mnemonic(op)): element count \(n) is negative or larger than the UB can hold",
                     pc: op.pc, pipe: op.pipe, addresses: [])
            return nil
        }
        return Int(n)
    }

    /// A source pointer that is safe to read while writing [dst, dst + dlen): the source itself,
    /// or a copy in scratch space (`slot` 0 or 1) when the two overlap at different addresses.
    @inline(__always)
    func source(_ addr: Int64, _ len: Int, dst: Int64, _ dlen: Int, slot: Int) -> UnsafeRawPointer {
        if addr == dst || addr + Int64(len) <= dst || dst + Int64(dlen) <= addr || len == 0 {
            return UnsafeRawPointer(ub + Int(addr))
        }
        let s = scratch + slot * ubBytes
        s.copyMemory(from: ub + Int(addr), byteCount: len)
        return UnsafeRawPointer(s)
    }

    /// Fills in the vector cost record of `op`.
    @inline(__always)
    func costVector(_ op: DecodedInstruction, _ cls: VectorCostClass, bytes: Int) {
        if op.record < 0 { return }
        records[Int(op.record)].cls = VectorCostIndex.of(cls)
        records[Int(op.record)].amount = Double((bytes + 255) / 256)
    }

    /// Dispatches a V-pipe instruction to its group.
    func vector(_ op: DecodedInstruction) -> Bool {
        switch op.opcode {
        case 0x40...0x48: return vectorBinary(op)
        case 0x50...0x57: return vectorScalar(op)
        case 0x60...0x66: return vectorCompare(op)
        case 0x68: return vectorConvert(op)
        case 0x70...0x72: return vectorReduce(op)
        case Op.gather: return gather(op)
        default:
            return fail("program.invalid", "opcode 0x\(String(op.opcode, radix: 16)) cannot run on the V pipe", pc: op.pc, pipe: op.pipe)
        }
    }
}

/// `VectorCostClass` <-> a byte in the record: the class's position in `allCases`.
enum VectorCostIndex {
    static let all = VectorCostClass.allCases
    /// A switch, not a search of `all`: it runs for every vector instruction (SpeedPathTests
    /// checks it against `all`).
    @inline(__always) static func of(_ c: VectorCostClass) -> UInt8 {
        switch c {
        case .binary: 0
        case .binaryScalar: 1
        case .dup: 2
        case .compareFast: 3
        case .compareSlow: 4
        case .select: 5
        case .convert: 6
        case .div: 7
        case .reduce: 8
        case .gather16: 9
        case .gather32: 10
        }
    }
}

/// Typed element access on raw UB pointers. Elements are little-endian as on the host.
enum El {
    @inline(__always) static func f(_ p: UnsafeRawPointer, _ i: Int, half: Bool) -> Float {
        half ? Half.toFloat(p.load(fromByteOffset: i &* 2, as: UInt16.self)) : p.load(fromByteOffset: i &* 4, as: Float.self)
    }
    @inline(__always) static func setF(_ p: UnsafeMutableRawPointer, _ i: Int, _ v: Float, half: Bool) {
        if half { p.storeBytes(of: Half.fromFloat(v, .rn), toByteOffset: i &* 2, as: UInt16.self) }
        else { p.storeBytes(of: v, toByteOffset: i &* 4, as: Float.self) }
    }
    @inline(__always) static func u(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 { p.load(fromByteOffset: i &* 4, as: UInt32.self) }
    @inline(__always) static func setU(_ p: UnsafeMutableRawPointer, _ i: Int, _ v: UInt32) { p.storeBytes(of: v, toByteOffset: i &* 4, as: UInt32.self) }
    @inline(__always) static func i(_ p: UnsafeRawPointer, _ i: Int) -> Int32 { p.load(fromByteOffset: i &* 4, as: Int32.self) }

    /// A scalar operand as a float of the instruction's type: f32 bits, rounded to f16 first
    /// for f16 instructions (the vector unit takes a half scalar).
    @inline(__always) static func scalarF(_ v: Int64, half: Bool) -> Float {
        let f = Float(bitPattern: UInt32(truncatingIfNeeded: v))
        return half ? Half.toFloat(Half.fromFloat(f, .rn)) : f
    }

    /// Mask bit i (LSB first in each byte).
    @inline(__always) static func bit(_ m: UnsafeRawPointer, _ i: Int) -> Bool { (m.load(fromByteOffset: i >> 3, as: UInt8.self) >> UInt8(i & 7)) & 1 != 0 }
}
