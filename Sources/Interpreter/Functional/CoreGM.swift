import ISA

/// GM access of one core: bounds against the bound parameters, the epoch's write log, the
/// access logs of the cross-core race check.
extension Core {
    /// Checks [addr, addr + len) lies inside one bound GM buffer; returns its index or -1
    /// (after recording the error).
    @inline(__always)
    func gmBuffer(_ addr: UInt64, _ len: Int, _ op: DecodedInstruction, _ what: String) -> Int {
        let b = ctx.gm.buffer(containing: addr, len)
        if b < 0 { _ = gmBoundsError(addr, len, op, what) }
        return b
    }

    @inline(never)
    func gmBoundsError(_ addr: UInt64, _ len: Int, _ op: DecodedInstruction, _ what: String) -> Bool {
        let names = ctx.gm.bindings.map { "\($0.name) [0x\(String($0.address, radix: 16)), 0x\(String($0.address + UInt64($0.size), radix: 16)))" }
        return fail("gm.bounds",
                    "\(mnemonic(op)): \(what) GM bytes [0x\(String(addr, radix: 16)), 0x\(String(addr &+ UInt64(len), radix: 16))) are not inside one bound GM parameter",
                    pc: op.pc, pipe: op.pipe, addresses: [addr],
                    notes: names.isEmpty ? ["no GM parameter is bound"] : ["bound: " + names.joined(separator: ", ")])
    }

    /// Reads GM bytes as this core sees them: the epoch's start contents plus its own writes.
    @inline(__always)
    func gmRead(_ addr: UInt64, _ len: Int, into dst: UnsafeMutableRawPointer, _ op: DecodedInstruction, _ what: String) -> Bool {
        let b = gmBuffer(addr, len, op, what)
        if b < 0 { return false }
        if ctx.writeOnly[b] { return writeOnlyReadError(addr, len, b, op) }
        if len == 0 { return true }
        if addr < wlog.atomicHi[b] && wlog.atomicLo[b] < addr + UInt64(len), let a = ownAtomicOverlap(addr, len) {
            return readOwnAtomicError(addr, len, a, op)
        }
        if gmRace != nil && !gmTouch(addr, len, write: false, op) { return false }
        dst.copyMemory(from: ctx.gm.pointer(addr, in: b), byteCount: len)
        if wlog.written[b] { patchOwnWrites(addr, len, dst, buffer: b) }
        if ctx.options.checks { gmReads.add(addr, addr + UInt64(len), pc: op.pc) }
        return true
    }

    /// Overlays this core's logged writes of the epoch, oldest first.
    func patchOwnWrites(_ addr: UInt64, _ len: Int, _ dst: UnsafeMutableRawPointer, buffer: Int) {
        let end = addr + UInt64(len)
        for e in wlog.writes where e.buffer == Int32(buffer) {
            let s = max(e.addr, addr), t = min(e.addr + UInt64(e.len), end)
            if s < t {
                (dst + Int(s - addr)).copyMemory(from: e.data + Int(s - e.addr), byteCount: Int(t - s))
            }
        }
    }

    /// Logs a GM write; it becomes visible to other cores at the end of the epoch.
    @inline(__always)
    func gmWrite(_ addr: UInt64, _ len: Int, from src: UnsafeRawPointer, _ op: DecodedInstruction, _ what: String) -> Bool {
        let b = gmBuffer(addr, len, op, what)
        if b < 0 { return false }
        if len == 0 { return true }
        if gmRace != nil && !gmTouch(addr, len, write: true, op) { return false }
        if ctx.directWrites && ctx.writeOnly[b] {
            // No core reads the binding and the cross-core check reports overlapping writes:
            // landing now or at the sync_all cannot differ (RunOptions.writeOnly).
            ctx.gm.pointer(addr, in: b).copyMemory(from: src, byteCount: len)
            gmWrites.add(addr, addr + UInt64(len), pc: op.pc)
            return true
        }
        let data = wlog.writeData.append(src, len)
        wlog.writes.append(.init(addr: addr, len: len, data: data, buffer: Int32(b), type: 0, pc: op.pc))
        wlog.written[b] = true
        if ctx.options.checks { gmWrites.add(addr, addr + UInt64(len), pc: op.pc) }
        return true
    }

    /// Logs an atomic add of `len` bytes of elements of `type`, applied at the end of the epoch.
    @inline(__always)
    func gmAtomic(_ addr: UInt64, _ len: Int, from src: UnsafeRawPointer, type: ElementType, _ op: DecodedInstruction) -> Bool {
        let b = gmBuffer(addr, len, op, "atomically added")
        if b < 0 { return false }
        if addr % UInt64(type.size) != 0 {
            return fail("gm.align", "\(mnemonic(op)): GM address 0x\(String(addr, radix: 16)) of an atomic \(type) add is not \(type.size)-byte aligned",
                        pc: op.pc, pipe: op.pipe, addresses: [addr])
        }
        if len == 0 { return true }
        if gmRace != nil && !gmTouch(addr, len, write: true, op) { return false }
        let streamed = ctx.writeOnly[b]
        let arena = streamed ? wlog.streamedData : wlog.atomicData
        let sparse = type == .f32 && len >= 64 && len % 4 == 0 ? appendSparseIfMostlyZero(src, len, into: arena) : nil
        let entry = GMWriteLog.Entry(addr: addr, len: len, data: sparse ?? arena.append(src, len), buffer: Int32(b), type: type.rawValue,
                                     sparse: sparse != nil, pc: op.pc)
        if streamed { wlog.streamed.append(entry) } else { wlog.atomics.append(entry) }
        gmAtomics.add(addr, addr + UInt64(len), pc: op.pc)
        wlog.atomicLo[b] = min(wlog.atomicLo[b], addr)
        wlog.atomicHi[b] = max(wlog.atomicHi[b], addr + UInt64(len))
        return true
    }

    /// Logs `len` bytes of f32 addends in the sparse form (`GMWriteLog.Entry.sparse`) if at least
    /// half of the words are zero bits and returns where; nil (nothing logged) otherwise.
    @inline(__always)
    func appendSparseIfMostlyZero(_ src: UnsafeRawPointer, _ len: Int, into arena: ByteArena) -> UnsafeMutableRawPointer? {
        let words = len / 4
        var nonzero = 0
        for i in 0..<words where src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self) != 0 { nonzero += 1 }
        if 2 * nonzero > words { return nil }
        let mapBytes = (words + 7) / 8
        let map = arena.reserve(mapBytes + 4 * nonzero)
        map.initializeMemory(as: UInt8.self, repeating: 0, count: mapBytes)
        var out = map + mapBytes
        for i in 0..<words {
            let w = src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
            if w != 0 {
                map.storeBytes(of: map.load(fromByteOffset: i >> 3, as: UInt8.self) | UInt8(1 << (i & 7)), toByteOffset: i >> 3, as: UInt8.self)
                out.storeBytes(of: w, toByteOffset: 0, as: UInt32.self)
                out += 4
            }
        }
        return map
    }

    /// Race-checks a GM access by `op`'s pipe against the other pipes of this core.
    @inline(__always)
    func gmTouch(_ addr: UInt64, _ len: Int, write: Bool, _ op: DecodedInstruction) -> Bool {
        let p = Int(op.pipe)
        if let r = gmRace!.access(pipe: p, addr: addr, len: len, write: write, pc: op.pc, clock: race!.clocks[p]) {
            return gmPipeRaceError(r, op)
        }
        if gmRace!.wantsPrune { gmRace!.prune(race!.clocks) }
        return true
    }

    @inline(never)
    func gmPipeRaceError(_ r: GMPipeRaceChecker.Race, _ op: DecodedInstruction) -> Bool {
        let kinds = (r.otherWrite ? "write" : "read", r.write ? "write" : "read")
        return fail("race.gm-pipes",
                    "\(mnemonic(op)) in \(ISAPipeName(Int(op.pipe))) \(kinds.1)s GM \(ctx.gm.describe(r.address)) while an unordered \(kinds.0) of the same bytes by \(ISAPipeName(r.otherPipe)) may still run: add set_flag/wait_flag between them",
                    pc: op.pc, pipe: op.pipe, addresses: [r.address],
                    notes: ["the \(kinds.0) in \(ISAPipeName(r.otherPipe)) is at \(ctx.location(Int(r.otherPC)))"])
    }

    /// The pc of an atomic add of this epoch overlapping [addr, addr+len), if any. Always
    /// checked (reads of own atomics would see stale data), but only for reads inside the
    /// bounds of the core's atomics to the same buffer (`GMWriteLog.atomicLo`): a linear scan.
    @inline(__always)
    func ownAtomicOverlap(_ addr: UInt64, _ len: Int) -> Int32? {
        if gmAtomics.isEmpty { return nil }
        let end = addr + UInt64(len)
        for i in gmAtomics.starts.indices where gmAtomics.starts[i] < end && addr < gmAtomics.ends[i] { return gmAtomics.pcs[i] }
        return nil
    }

    @inline(never)
    func writeOnlyReadError(_ addr: UInt64, _ len: Int, _ b: Int, _ op: DecodedInstruction) -> Bool {
        fail("gm.write-only",
             "\(mnemonic(op)) reads GM \(ctx.gm.describe(addr)) (\(len) bytes) of parameter \"\(ctx.gm.bindings[b].name)\", which the run declared write-only",
             pc: op.pc, pipe: op.pipe, addresses: [addr],
             notes: ["a write-only parameter (RunOptions.writeOnly, vrun --write-only) takes writes and atomic adds but no reads; leave it out of the list if the kernel reads it"])
    }

    @inline(never)
    func readOwnAtomicError(_ addr: UInt64, _ len: Int, _ atomicPC: Int32, _ op: DecodedInstruction) -> Bool {
        fail("race.gm-atomic-read",
             "\(mnemonic(op)) reads GM \(ctx.gm.describe(addr)) (\(len) bytes) that this core atomically added to in the same sync_all epoch; atomic adds land at the next sync_all",
             pc: op.pc, pipe: op.pipe, addresses: [addr], notes: ["the atomic add is at \(ctx.location(Int(atomicPC)))"])
    }
}
