import ISA

/// The scalar unit: runs the program in order until sync_all, end or an error. S instructions
/// execute at once; pipe instructions are queued (`issue(_:)`); the unit blocks on
/// wait_flag(X, S), pipe_barrier(ALL), sync_all, end and full queues, and then the pipes run
/// until it can continue (`runPipes`).
extension Core {
    /// Runs until sync_all, end or an error, or, with `limit`, until `executed` reaches it (the
    /// core is then still `.running` and continues with the next call: a slice).
    func run(limit: Int = .max) {
        let count = ctx.code.count
        let budget = ctx.options.instructionBudget
        ctx.code.withUnsafeBufferPointer { code in
            while status == .running {
                if executed >= limit { return }
                if pc < 0 || pc >= count {
                    _ = fail("pc.end", "execution ran past the last instruction (a missing `end` or `jmp`?)",
                             pc: Int32(max(0, count - 1)), pipe: 0)
                    return
                }
                let inst = code[pc]
                executed += 1
                // Every 64 Ki instructions: stop if a lower core has already failed (its error is
                // the one reported; see RunContext.lowestFailedCore).
                if executed & 0xFFFF == 0, ctx.lowestFailedCore.load(ordering: .relaxed) < index { return }
                if executed > budget {
                    _ = fail("budget.instructions",
                             "core \(index) executed more than \(budget) instructions (a runaway loop?); raise the limit with `vrun --max-instructions N` (RunOptions.instructionBudget)",
                             pc: inst.pc, pipe: 0)
                    return
                }
                opcodeCounts[Int(inst.opcode)] &+= 1
                pendingScalar += inst.scalarCost
                if let byPC = scalarByPC { byPC[pc] += inst.scalarCost }
                if inst.pipe != 0 {
                    if !issue(inst) { return }
                    pc += 1
                    continue
                }
                if !scalar(inst) { return }
            }
        }
    }

    /// Executes one scalar-unit instruction and moves `pc`. False on error or when the unit stops.
    @inline(__always)
    func scalar(_ i: DecodedInstruction) -> Bool {
        let r = regs
        switch i.opcode {
        case Op.nop: break
        case Op.mov: r[Int(i.o0)] = i.value(1, r)
        case Op.add: r[Int(i.o0)] = i.value(1, r) &+ i.value(2, r)
        case Op.sub: r[Int(i.o0)] = i.value(1, r) &- i.value(2, r)
        case Op.mul: r[Int(i.o0)] = i.value(1, r) &* i.value(2, r)
        case Op.div, Op.rem:
            let a = i.value(1, r), b = i.value(2, r)
            if b == 0 { return divZero(i, a) }
            r[Int(i.o0)] = i.opcode == Op.div ? a.dividedReportingOverflow(by: b).partialValue
                                              : a.remainderReportingOverflow(dividingBy: b).partialValue
        case Op.and: r[Int(i.o0)] = i.value(1, r) & i.value(2, r)
        case Op.or: r[Int(i.o0)] = i.value(1, r) | i.value(2, r)
        case Op.xor: r[Int(i.o0)] = i.value(1, r) ^ i.value(2, r)
        case Op.shl: r[Int(i.o0)] = Int64(bitPattern: UInt64(bitPattern: i.value(1, r)) << UInt64(i.value(2, r) & 63))
        case Op.shr: r[Int(i.o0)] = Int64(bitPattern: UInt64(bitPattern: i.value(1, r)) >> UInt64(i.value(2, r) & 63))
        case Op.sar: r[Int(i.o0)] = i.value(1, r) >> (i.value(2, r) & 63)
        case Op.min: r[Int(i.o0)] = Swift.min(i.value(1, r), i.value(2, r))
        case Op.max: r[Int(i.o0)] = Swift.max(i.value(1, r), i.value(2, r))
        case Op.cset:
            let c = Condition(rawValue: UInt8(truncatingIfNeeded: i.o3)) ?? .eq
            r[Int(i.o0)] = c.holds(i.value(1, r), i.value(2, r)) ? 1 : 0
        case Op.coreid: r[Int(i.o0)] = Int64(index)
        case Op.corenum: r[Int(i.o0)] = Int64(ctx.coreCount)
        case Op.ldparam: r[Int(i.o0)] = ctx.paramValues[Int(i.o1)]
        case Op.fmov: r[Int(i.o0)] = Int64(UInt32(truncatingIfNeeded: i.value(1, r)))
        case Op.fadd, Op.fsub, Op.fmul, Op.fdiv, Op.fmin, Op.fmax:
            let a = f32(i.value(1, r)), b = f32(i.value(2, r))
            let v: Float
            switch i.opcode {
            case Op.fadd: v = a + b
            case Op.fsub: v = a - b
            case Op.fmul: v = a * b
            case Op.fdiv: v = a / b
            case Op.fmin: v = FloatOps.min(a, b)
            default: v = FloatOps.max(a, b)
            }
            r[Int(i.o0)] = Int64(v.bitPattern)
        case Op.fcset:
            let c = Condition(rawValue: UInt8(truncatingIfNeeded: i.o3)) ?? .eq
            r[Int(i.o0)] = c.holds(f32(i.value(1, r)), f32(i.value(2, r))) ? 1 : 0
        case Op.itof: r[Int(i.o0)] = Int64(Float(i.value(1, r)).bitPattern)
        case Op.ftoi:
            let a = f32(i.value(1, r))
            let mode = RoundMode(rawValue: UInt8(truncatingIfNeeded: i.o2)) ?? .rn
            let v = Double(a).rounded(mode.floatingPointRule)
            guard v.isFinite, v >= -0x1p63, v < 0x1p63 else {
                return fail("scalar.ftoi", "ftoi: \(a) is NaN or outside the 64-bit integer range", pc: i.pc, pipe: 0)
            }
            r[Int(i.o0)] = Int64(v)
        case Op.ld, Op.st: if !scalarUB(i) { return false }
        case Op.ldg, Op.stg: if !scalarGM(i) { return false }
        case Op.jmp:
            pc = Int(i.o0)
            return true
        case 0x39...0x3e:
            let c = Condition(rawValue: i.opcode - 0x39) ?? .eq
            pc = c.holds(i.value(0, r), i.value(1, r)) ? Int(i.o2) : pc + 1
            return true
        case Op.end: return end(i)
        case Op.trap:
            let code = i.value(0, r)
            return fail("trap", "the kernel stopped with trap \(code)", pc: i.pc, pipe: 0, addresses: [UInt64(bitPattern: code)])
        case Op.setFlag: if !scalarSetFlag(i) { return false }
        case Op.waitFlag: if !scalarWaitFlag(i) { return false }
        case Op.pipeBarrier:
            if !runPipes(.drained, i) { return false }
            joinAllPipes()
            _ = issue(.barrierAll, pipe: 0, pc: i.pc)
        case Op.syncAll:
            if !runPipes(.drained, i) { return false }
            joinAllPipes()
            _ = issue(.syncAll, pipe: 0, pc: i.pc)
            pc += 1
            status = .atSyncAll
            return true
        default:
            return fail("program.invalid", "opcode 0x\(String(i.opcode, radix: 16)) cannot run on the scalar unit", pc: i.pc, pipe: 0)
        }
        pc += 1
        return true
    }

    @inline(__always) func f32(_ v: Int64) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: v)) }

    @inline(never)
    func divZero(_ i: DecodedInstruction, _ a: Int64) -> Bool {
        fail("scalar.div-zero", "\(mnemonic(i)): division of \(a) by zero", pc: i.pc, pipe: 0)
    }

    /// `end`: drain the pipes, check that no flag is left set, stop.
    func end(_ i: DecodedInstruction) -> Bool {
        if !runPipes(.drained, i) { return false }
        if let f = flags.firstIndex(of: true) {
            return fail("flag.left-set", "the kernel ends with flag \(flagName(f)) still set (a set_flag without its wait_flag)",
                        pc: i.pc, pipe: 0, notes: ["the flag was set at \(ctx.location(Int(flagPC[f])))"])
        }
        joinAllPipes()
        _ = issue(.end, pipe: 0, pc: i.pc)
        status = .ended
        return true
    }

    func scalarSetFlag(_ i: DecodedInstruction) -> Bool {
        let f = flagIndex(src: i.o0, dst: i.o1, id: i.o2)
        race?.begin(pipe: 0, issued: .zero)
        if !setFlag(f, i) { return false }
        let rec = issue(.setFlag, pipe: 0, pc: i.pc)
        records[Int(rec)].flag = UInt8(f)
        return true
    }

    func scalarWaitFlag(_ i: DecodedInstruction) -> Bool {
        let f = flagIndex(src: i.o0, dst: i.o1, id: i.o2)
        if !flags[f] && !runPipes(.flag(f), i) { return false }
        flags[f] = false
        race?.begin(pipe: 0, issued: .zero)
        race?.waitFlag(pipe: 0, flagClock[f])
        let rec = issue(.waitFlag, pipe: 0, pc: i.pc)
        records[Int(rec)].flag = UInt8(f)
        return true
    }

    /// Sets a flag (from any pipe); setting a set flag is an error.
    @inline(__always)
    func setFlag(_ f: Int, _ i: DecodedInstruction) -> Bool {
        if flags[f] {
            return fail("flag.double-set", "set_flag \(flagName(f)): the flag is already set (its wait_flag has not consumed the earlier set)",
                        pc: i.pc, pipe: i.pipe, notes: ["it was set at \(ctx.location(Int(flagPC[f])))"])
        }
        flags[f] = true
        flagPC[f] = i.pc
        if race != nil { flagClock[f] = race!.setFlag(pipe: Int(i.pipe)) }
        return true
    }

    /// Scalar loads and stores of the UB.
    func scalarUB(_ i: DecodedInstruction) -> Bool {
        let t = i.elementType
        let addr = i.value(1, regs)
        if !checkUB(addr, t.size, align: t.size, i, i.opcode == Op.ld ? "loaded" : "stored") { return false }
        race?.begin(pipe: 0, issued: .zero)
        if !touch(0, addr, t.size, write: i.opcode == Op.st, i) { return false }
        let p = ub + Int(addr)
        if i.opcode == Op.ld { regs[Int(i.o0)] = ScalarMemory.load(t, p) } else { ScalarMemory.store(t, i.value(0, regs), p) }
        return true
    }

    /// Scalar loads and stores of GM (through the epoch's write log like any other GM access).
    func scalarGM(_ i: DecodedInstruction) -> Bool {
        let t = i.elementType
        let addr = UInt64(bitPattern: i.value(1, regs))
        race?.begin(pipe: 0, issued: .zero)
        var buf: UInt64 = 0
        return withUnsafeMutableBytes(of: &buf) { b in
            if i.opcode == Op.ldg {
                if !gmRead(addr, t.size, into: b.baseAddress!, i, "loaded") { return false }
                regs[Int(i.o0)] = ScalarMemory.load(t, b.baseAddress!)
                return true
            }
            ScalarMemory.store(t, i.value(0, regs), b.baseAddress!)
            return gmWrite(addr, t.size, from: b.baseAddress!, i, "stored")
        }
    }
}

/// Scalar register <-> memory conversions of `ld`/`st`/`ldg`/`stg`.
enum ScalarMemory {
    @inline(__always) static func load(_ t: ElementType, _ p: UnsafeRawPointer) -> Int64 {
        switch t {
        case .u8: Int64(p.load(as: UInt8.self))
        case .f16: Int64(Half.toFloat(p.loadUnaligned(as: UInt16.self)).bitPattern)
        case .f32, .u32: Int64(p.loadUnaligned(as: UInt32.self))
        case .i32: Int64(p.loadUnaligned(as: Int32.self))
        case .i64: p.loadUnaligned(as: Int64.self)
        }
    }

    @inline(__always) static func store(_ t: ElementType, _ v: Int64, _ p: UnsafeMutableRawPointer) {
        switch t {
        case .u8: p.storeBytes(of: UInt8(truncatingIfNeeded: v), as: UInt8.self)
        case .f16: p.storeBytes(of: Half.fromFloat(Float(bitPattern: UInt32(truncatingIfNeeded: v)), .rn), as: UInt16.self)
        case .f32, .u32, .i32: p.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self)
        case .i64: p.storeBytes(of: v, as: Int64.self)
        }
    }
}
