/// Classes of vector instruction cost. Each class has a startup and a per-repeat slope in the
/// machine description (`Machine.vectorCost`); one repeat is 256 bytes of the destination
/// (64 fp32 or 128 fp16 elements). Source of the figures: brief machine-910b.md,
/// "Vector instructions" (PTO cost model).
public enum VectorCostClass: String, CaseIterable, Sendable {
    /// vadd, vsub, vmul, vmax, vmin, vand, vor, vmla, mask and/or/not.
    case binary
    /// vadds, vmuls, vmaxs, vmins, vaxpy (one vector operand and a scalar).
    case binaryScalar
    /// vdup, vmov, vbcast, vci.
    case dup
    /// vcmp/vcmps with eq, lt, gt.
    case compareFast
    /// vcmp/vcmps with ge, le, ne.
    case compareSlow
    /// vsel, vsels.
    case select
    /// vcvt.
    case convert
    /// vdiv.
    case div
    /// vredsum, vgsum.
    case reduce
    /// gather of 2-byte elements.
    case gather16
    /// gather of 4-byte elements.
    case gather32
}

/// How the cycle model charges one instruction. The numbers live in the machine description;
/// the table only says which formula applies, so presets and JSON overrides change the costs
/// without touching the ISA.
public enum CostSpec: Sendable, Equatable {
    /// One scalar-unit cycle (`Machine.scalarCycles`).
    case scalar
    /// Scalar multiply/divide (`Machine.scalarMulCycles`, `scalarDivCycles`).
    case scalarMul, scalarDiv
    /// A taken or untaken branch (`Machine.branchCycles`).
    case branch
    /// Scalar load or store of UB (`Machine.scalarUBCycles`).
    case scalarUB
    /// Scalar load or store of GM through the scalar cache (`Machine.scalarGMCycles`).
    case scalarGM
    /// startup + slope × repeats, startup hidden when the V queue is busy.
    case vector(VectorCostClass)
    /// A vector compare whose class depends on its condition operand.
    case vectorCompare
    /// A gather whose class follows its element size.
    case gather
    /// GM to UB copy on MTE2: latency + bytes at the per-core read rate, under the shared GM limit.
    case dmaIn
    /// UB to GM copy on MTE3.
    case dmaOut
    /// n small GM reads on MTE2, one request each.
    case dmaGather
    /// n small atomic adds to GM on MTE3, one request each.
    case dmaScatterAdd
    /// set_flag / wait_flag (`Machine.flagCycles`).
    case flag
    /// pipe_barrier (`Machine.barrierCycles`).
    case barrier
    /// sync_all across cores (`Machine.syncAllCycles`).
    case syncAll
}

/// Which pipe executes an instruction: fixed, or named by one of its operands
/// (`set_flag` runs on its source pipe, `wait_flag` on its destination pipe).
public enum PipeSpec: Sendable, Equatable {
    case fixed(Pipe)
    /// The operand at this index is a `pipe` operand naming the pipe.
    case operand(Int)
    /// `pipe_barrier`: the named pipe, or the scalar unit for `ALL`.
    case barrierOperand(Int)
}
