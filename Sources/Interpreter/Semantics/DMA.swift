import ISA

/// Data movement: copy_gm_ub(_pad), gather_gm (MTE2), copy_ub_gm(_pad), scatter_add (MTE3).
///
/// Every UB side starts 32-byte aligned (`ub.align`); every GM block lies inside one bound GM
/// parameter (`gm.bounds`). Reads of GM see the epoch's start plus this core's own writes;
/// writes and atomic adds are logged and land at the next sync_all (or the end).
/// For the timing phase each instruction's GM blocks become requests (`DMACost`).
extension Core {
    func dma(_ op: DecodedInstruction) -> Bool {
        var cost = DMACost(machine: ctx.machine)
        if recordSpans { swap(&cost.spans, &spanScratch) }
        defer {
            if recordSpans {
                cost.spans.removeAll(keepingCapacity: true)
                swap(&cost.spans, &spanScratch)
            }
        }
        let ok: Bool
        switch op.opcode {
        case Op.copyGmUb, Op.copyUbGm, Op.copyGmUbPad, Op.copyUbGmPad: ok = blockCopy(op, &cost)
        default: ok = pieceCopy(op, &cost)
        }
        if !ok { return false }
        cost.flush()
        if op.record >= 0 {
            records[Int(op.record)].amount = cost.effective
            records[Int(op.record)].rawBytes = Int64(cost.raw)
            records[Int(op.record)].requests = UInt32(truncatingIfNeeded: cost.requests)
            if recordSpans {
                records[Int(op.record)].spanStart = cost.spans.withUnsafeBufferPointer { spanLog.append($0) }
                records[Int(op.record)].spanCount = UInt32(truncatingIfNeeded: cost.spans.count / 2)
            }
        }
        return true
    }

    @inline(never)
    func dmaRange(_ op: DecodedInstruction, _ name: String, _ v: Int64, _ r: ClosedRange<Int64>) -> Bool {
        fail("dma.range", "\(mnemonic(op)): \(name) = \(v) is outside \(r.lowerBound)...\(r.upperBound)", pc: op.pc, pipe: op.pipe)
    }

    /// copy_gm_ub, copy_gm_ub_pad, copy_ub_gm, copy_ub_gm_pad: `count` blocks with gaps.
    private func blockCopy(_ op: DecodedInstruction, _ cost: inout DMACost) -> Bool {
        let toUB = op.opcode == Op.copyGmUb || op.opcode == Op.copyGmUbPad
        let pad = op.opcode == Op.copyGmUbPad || op.opcode == Op.copyUbGmPad
        let count = op.o2, lenArg = op.o3
        // Register operands get the same ranges the opcode table gives immediates (the validator
        // checks those): count, len/bytes, srcgap, dstgap are operands 2...5 of every block copy.
        if let k = ctx.blockCopyLimits[Int(op.opcode)].violation(SIMD4(count, lenArg, op.o4, op.o5)), let spec = Opcode(op.opcode).spec,
           let r = spec.operands[k].range {
            return dmaRange(op, spec.operands[k].name, op.raw(k), r)
        }
        let bytes = Int(pad ? lenArg : lenArg * 32)
        let ubAddr = toUB ? op.o0 : op.o1, gmAddr = UInt64(bitPattern: toUB ? op.o1 : op.o0)
        let ubGap = toUB ? op.o5 : op.o4, gmGap = toUB ? op.o4 : op.o5
        let ubStride = Int64((bytes + 31) / 32 * 32) + ubGap * 32
        let gmStride = UInt64(bytes) + (pad ? UInt64(gmGap) : UInt64(gmGap) * 32)
        if !checkUB(ubAddr, 0, align: 32, op, toUB ? "destination" : "source") { return false }
        for k in 0..<Int(count) {
            let u = ubAddr + Int64(k) * ubStride
            let g = gmAddr &+ UInt64(k) &* gmStride
            if !checkUB(u, bytes, align: 32, op, toUB ? "destination" : "source") { return false }
            if !touch(op.pipe, u, bytes, write: toUB, op) { return false }
            if toUB {
                if !gmRead(g, bytes, into: ub + Int(u), op, "source") { return false }
            } else {
                if !gmWrite(g, bytes, from: ub + Int(u), op, "destination") { return false }
            }
            cost.add(g, bytes)
        }
        return true
    }

    /// gather_gm and scatter_add: `n` pieces at GM base + offsets[i] (u32 in the UB).
    private func pieceCopy(_ op: DecodedInstruction, _ cost: inout DMACost) -> Bool {
        let toUB = op.opcode == Op.gatherGm
        let n = op.o3, bytes = op.o4
        if !(0...65535).contains(n) { return dmaRange(op, "n", n, 0...65535) }
        if !(1...65535).contains(bytes) { return dmaRange(op, "bytes", bytes, 1...65535) }
        let b = Int(bytes), stride = Int64((b + 31) / 32 * 32)
        let ubBase = toUB ? op.o0 : op.o1, gmBase = UInt64(bitPattern: toUB ? op.o1 : op.o0)
        var type = ElementType.u8
        if !toUB {
            type = op.elementType
            if b % type.size != 0 {
                return fail("dma.atomic-size", "scatter_add\(TypeSuffix.single(type)): bytes = \(b) is not a multiple of the \(type.size)-byte element",
                            pc: op.pc, pipe: op.pipe)
            }
        }
        guard operand(op.o2, Int(n) * 4, write: false, op, "offsets") else { return false }
        if !checkUB(ubBase, 0, align: 32, op, toUB ? "destination" : "source") { return false }
        let regionShift = UInt64(ctx.machine.atomicRegionBytes.trailingZeroBitCount)
        regionScratch.removeAll(keepingCapacity: true)
        for i in 0..<Int(n) {
            let off = UInt64(El.u(ub + Int(op.o2), i))
            let g = gmBase &+ off
            let u = ubBase + Int64(i) * stride
            if !checkUB(u, b, align: 32, op, toUB ? "destination" : "source") { return false }
            if !touch(op.pipe, u, b, write: toUB, op) { return false }
            if toUB {
                if !gmRead(g, b, into: ub + Int(u), op, "source") { return false }
            } else {
                if !gmAtomic(g, b, from: ub + Int(u), type: type, op) { return false }
                var r = g >> regionShift
                let last = (g + UInt64(b) - 1) >> regionShift
                while r <= last {
                    if regionScratch.last != UInt32(truncatingIfNeeded: r) { regionScratch.append(UInt32(truncatingIfNeeded: r)) }
                    r += 1
                }
            }
            cost.add(g, b)
        }
        if !toUB && op.record >= 0 {
            records[Int(op.record)].regionStart = regionScratch.withUnsafeBufferPointer { regionLog.append($0) }
            records[Int(op.record)].regionCount = UInt32(regionScratch.count)
        }
        return true
    }
}

/// The cost inputs of one DMA instruction: GM blocks become requests. Consecutive blocks that
/// continue each other merge into one request. A request's bytes are rounded out to
/// `requestRounding` (32) at both ends; a request whose rounded span touches more
/// `burstBytes` (512) regions than its length needs is misaligned and its bytes count
/// 1 / `misalignedEfficiency` times (brief: 70% bandwidth at 32 B instead of 512 B alignment).
struct DMACost {
    let rounding: UInt64, burst: UInt64, misaligned: Double
    let recordSpans: Bool
    /// The requests' rounded (start, end) pairs, appended when `recordSpans` (for the L2).
    var spans: [UInt64] = []
    var requests = 0
    var effective: Double = 0
    var raw = 0
    var start: UInt64 = 0, end: UInt64 = 0, open = false

    init(machine m: Machine) {
        rounding = UInt64(max(1, m.requestRounding))
        burst = UInt64(max(1, m.burstBytes))
        misaligned = m.misalignedEfficiency
        recordSpans = m.l2Lines > 0
    }

    @inline(__always) mutating func add(_ g: UInt64, _ b: Int) {
        raw += b
        if open && g == end { end = g + UInt64(b); return }
        flush()
        start = g; end = g + UInt64(b); open = true
    }

    mutating func flush() {
        guard open else { return }
        open = false
        requests += 1
        let s = start / rounding * rounding, e = (end + rounding - 1) / rounding * rounding
        let span = e - s
        if recordSpans { spans.append(s); spans.append(e) }
        let touched = (e - 1) / burst - s / burst + 1
        let needed = (span + burst - 1) / burst
        effective += touched > needed ? Double(span) / misaligned : Double(span)
    }
}
