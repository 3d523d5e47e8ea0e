import ISA

/// The V, MTE2 and MTE3 pipes of one core during the functional phase: in-order queues that
/// run whenever their head is not blocked, and the deadlock report when nothing can run.
extension Core {
    /// What the scalar unit is waiting for.
    enum Wait {
        case queueSpace(Int)
        case flag(Int)
        case drained
    }

    /// Queues a V/MTE2/MTE3 instruction with its operands resolved, blocking while the queue is full.
    @inline(__always)
    func issue(_ inst: DecodedInstruction) -> Bool {
        var d = inst
        for k in 0..<6 where d.regMask & (1 << UInt8(k)) != 0 { d.setRaw(k, regs[Int(d.raw(k))]) }
        d.regMask = 0
        if let r = race { d.issueClock = r.issueKnowledge }
        let q = Int(d.pipe) - 1
        if queues[q].isFull && !runPipes(.queueSpace(q), inst) { return false }
        let kind: IssueRecord.Kind
        switch d.opcode {
        case Op.setFlag: kind = .setFlag
        case Op.waitFlag: kind = .waitFlag
        case Op.pipeBarrier: kind = .barrier
        case Op.copyGmUb, Op.copyGmUbPad, Op.gatherGm: kind = .dmaRead
        case Op.copyUbGm, Op.copyUbGmPad: kind = .dmaWrite
        case Op.scatterAdd: kind = .dmaAtomic
        default: kind = .vector
        }
        d.record = issue(kind, pipe: d.pipe, pc: d.pc)
        if kind == .setFlag || kind == .waitFlag { records[Int(d.record)].flag = UInt8(flagIndex(src: d.o0, dst: d.o1, id: d.o2)) }
        queues[q].push(d)
        return true
    }

    @inline(__always)
    func satisfied(_ w: Wait) -> Bool {
        switch w {
        case .queueSpace(let q): !queues[q].isFull
        case .flag(let f): flags[f]
        case .drained: queues[0].isEmpty && queues[1].isEmpty && queues[2].isEmpty
        }
    }

    /// Runs the pipes, one head per pipe in turn, in data-flow order (MTE2, V, MTE3: producers
    /// before consumers, so an unsynchronised consumer is the one reported), until `w` holds.
    /// False on an error, or when nothing can run any more (a deadlock, reported here).
    func runPipes(_ w: Wait, _ by: DecodedInstruction) -> Bool {
        while !satisfied(w) {
            var progress = false
            // MTE2 (queue 1), V (0), MTE3 (2).
            for k in 0..<3 {
                let q = k == 0 ? 1 : (k == 1 ? 0 : 2)
                if queues[q].isEmpty { continue }
                let head = queues[q].first
                if head.opcode == Op.waitFlag && !flags[flagIndex(src: head.o0, dst: head.o1, id: head.o2)] { continue }
                let op = queues[q].pop()
                if !execute(op) { return false }
                progress = true
            }
            if !progress { return deadlock(w, by) }
        }
        return true
    }

    /// Executes one queued instruction in its pipe.
    @inline(__always)
    func execute(_ op: DecodedInstruction) -> Bool {
        race?.begin(pipe: Int(op.pipe), issued: op.issueClock)
        switch op.opcode {
        case Op.setFlag:
            return setFlag(flagIndex(src: op.o0, dst: op.o1, id: op.o2), op)
        case Op.waitFlag:
            let f = flagIndex(src: op.o0, dst: op.o1, id: op.o2)
            flags[f] = false
            race?.waitFlag(pipe: Int(op.pipe), flagClock[f])
            return true
        case Op.pipeBarrier:
            return true
        case Op.copyGmUb, Op.copyGmUbPad, Op.gatherGm, Op.copyUbGm, Op.copyUbGmPad, Op.scatterAdd:
            return dma(op)
        default:
            return vector(op)
        }
    }

    @inline(never)
    func deadlock(_ w: Wait, _ by: DecodedInstruction) -> Bool {
        let what: String
        switch w {
        case .queueSpace(let q): what = "space in the full \(ISAPipeName(q + 1)) queue"
        case .flag(let f): what = "flag \(flagName(f))"
        case .drained: what = "every pipe to drain"
        }
        var notes: [String] = []
        for q in 0..<3 where !queues[q].isEmpty {
            let h = queues[q].first
            let f = flagIndex(src: h.o0, dst: h.o1, id: h.o2)
            notes.append("\(ISAPipeName(q + 1)) waits for flag \(flagName(f)) at \(ctx.location(Int(h.pc)))")
        }
        if notes.isEmpty { notes.append("every pipe is idle: no instruction will ever set it") }
        return fail("deadlock", "deadlock: the scalar unit waits for \(what), and no pipe can make progress",
                    pc: by.pc, pipe: 0, notes: notes)
    }
}
