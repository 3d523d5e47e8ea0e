import ISA

/// The machine description: everything the interpreter needs to know about the chip that the
/// program does not say. Functional sizes (cores, UB) and the cycle model's constants.
///
/// Every constant names its source in its doc comment:
/// - "brief" = /work/shared/brief/machine-910b.md (section in quotes);
/// - "PTO" = Huawei's PTO-ISA cost model as quoted in the brief's vector table;
/// - "Ascend C docs" = the Ascend C programming guide as quoted in the brief;
/// - "calibration" = derived in docs/CycleModel.md from a microbenchmark figure of the xMSDA
///   paper (kernels/bench/), never from kernel-level results;
/// - "assumption" = no published figure; a guess stated as such, to revisit.
///
/// Presets: `Machine.preset("910b2c")` (48 AIV cores) and `Machine.preset("910b3")` (40).
/// `Machine.load(jsonPath:)` / `Machine.fromJSON(_:base:)` override any field.
public struct Machine: Sendable, Equatable {
    /// Preset name this description started from (informational).
    public var name: String

    // MARK: Chip

    /// Vector (AIV) cores. 910B2C: 24 AI cores x 2 AIV = 48 (brief "Chip", paper Table 1);
    /// 910B3: 40 (brief "Chip").
    public var cores: Int
    /// Core clock in GHz: 1.8 (brief "Chip", CANN platform ini cube_freq 1800 MHz).
    public var clockGHz: Double

    // MARK: One core

    /// Unified Buffer bytes per core: 196608 = 192 KB (brief "One vector core"; the runtime
    /// reports 196352 usable, we model the full 192 KB like `MachineLimits.default`).
    public var ubBytes: Int
    /// Depth of each pipe's in-order issue queue (V, MTE2, MTE3): instructions issued but not
    /// yet started. Assumption: no published figure; 16 is enough that the scalar unit only
    /// stalls when a pipe is far behind. Also bounds the functional phase (same deadlocks).
    public var queueDepth: Int

    // MARK: Scalar unit

    /// Cycles of a simple scalar instruction and of issuing any instruction to a pipe: 1
    /// (brief "One vector core": "one instruction per cycle at best").
    public var scalarCycles: Double
    /// Scalar multiply: assumption 2 (no published figure).
    public var scalarMulCycles: Double
    /// Scalar divide/remainder and f32 divide: assumption 12 (iterative divider; no figure).
    public var scalarDivCycles: Double
    /// Branch (taken or not): assumption 2 (in-order core, no predictor figure published).
    public var branchCycles: Double
    /// Scalar load/store of UB: assumption 2.
    public var scalarUBCycles: Double
    /// Scalar load/store of GM through the 32 KB scalar data cache: assumption 20 (mix of hits
    /// and L2 misses at 241 cycles; brief "One vector core" gives only the cache size).
    public var scalarGMCycles: Double

    // MARK: Vector unit

    /// startup and per-repeat slope of each vector cost class; one repeat = 256 bytes
    /// (brief "Vector instructions", PTO table; see `VectorCost.defaults`).
    public var vectorCost: [VectorCostClass: VectorCost]

    // MARK: DMA

    /// Per-core GM->UB (MTE2) rate, bytes/cycle: 58.6 (brief "Data movement", PTO arch_config).
    public var mte2BytesPerCycle: Double
    /// Per-core UB->GM (MTE3) rate, bytes/cycle: 109 (brief "Data movement", PTO arch_config).
    public var mte3BytesPerCycle: Double
    /// Chip-wide GM bandwidth shared by every core's MTE2 and MTE3, bytes/cycle:
    /// 1.8 TB/s / 1.8 GHz = 1000 (brief "Chip", paper Table 1; 1.6 TB/s third-party figure not used).
    public var gmBytesPerCycle: Double
    /// Latency added after a GM read transfer completes: 241 cycles (brief "Data movement",
    /// CAModel L2 read latency).
    public var readLatency: Double
    /// Latency added after a GM write transfer completes: 96 cycles (brief, CAModel L2 write).
    public var writeLatency: Double
    /// GM requests are rounded out to this many bytes at both ends: 32 (brief "Data movement",
    /// Ascend C performance guide).
    public var requestRounding: Int
    /// Burst size: a block whose rounded span touches more `burstBytes` regions than its length
    /// needs is misaligned: 512 (brief "Data movement": 128/256/512 B pieces, 512 B alignment).
    public var burstBytes: Int
    /// Bandwidth of a misaligned block relative to an aligned one: 0.7 (brief "Data movement":
    /// 32 B instead of 512 B alignment can cut bandwidth to 70%).
    public var misalignedEfficiency: Double
    /// Fixed cycles per DMA request (one contiguous GM block), spent before the transfer uses
    /// bandwidth. It is also the model's small-transfer penalty (a transfer of B bytes reaches
    /// B / (B + overhead x rate) of the peak rate). Calibration: kernels/bench/gm_gather.asm
    /// against the paper's GM gather figure (106 GB/s chip-wide, brief "Microbenchmark figures");
    /// see docs/CycleModel.md for the arithmetic.
    public var dmaRequestCycles: Double
    /// Extra fraction of transfer time for an atomic (scatter_add) transfer that starts while
    /// another core's atomic transfer touches one of the same 512-byte regions: 0.15 (brief
    /// "Data movement": serialised, 10-20% cost; midpoint).
    public var atomicConflictPenalty: Double
    /// Region size for atomic serialisation: 512 bytes (brief "Data movement").
    public var atomicRegionBytes: Int

    // MARK: L2 cache (docs/CycleModel.md, "L2")

    /// Chip-wide L2 capacity in bytes: 192 MB = 201326592 (brief "Chip": L2 192 MB). GM DMA
    /// reads of resident data are L2 hits and do not use `gmBytesPerCycle`; misses and every
    /// write do. 0 turns the L2 off (every byte is charged to HBM, the model before the L2).
    public var l2Bytes: Int
    /// L2 line: the unit of residency and LRU replacement. Assumption 512 bytes: the brief names
    /// no line size; 512 B is the granularity its performance guide uses for alignment and for
    /// serialising cores (brief "Data movement").
    public var l2LineBytes: Int
    /// L2 sector: the unit a miss fetches from HBM (a line fills sector by sector). Assumption
    /// 32 bytes = the GM request rounding (brief "Data movement"); set it to `l2LineBytes` to make
    /// every miss fetch a whole line.
    public var l2SectorBytes: Int
    /// Aggregate bandwidth of L2 hits over the whole chip, bytes/cycle. The brief publishes none:
    /// default unlimited (`.infinity`; JSON `null`), so a hit is limited only by its engine's
    /// per-core rate.
    public var l2BytesPerCycle: Double

    // MARK: Synchronisation

    /// set_flag / wait_flag: 1 cycle (brief "Vector instructions", PTO).
    public var flagCycles: Double
    /// pipe_barrier when work is outstanding in the pipe: 16 cycles of drain (brief "Vector
    /// instructions", PTO: pipe_barrier(V) ~16). A barrier on an idle pipe costs `flagCycles`.
    public var barrierCycles: Double
    /// sync_all once the last core arrives: assumption 600 cycles (a GM-based soft barrier: one
    /// atomic write at 96 plus about two polling L2 reads at 241; no published figure).
    public var syncAllCycles: Double
    /// Kernel launch head overhead: 20 us = 36000 cycles at 1.8 GHz (brief "Data movement":
    /// about 20 us of head overhead). Added once to the reported total.
    public var launchMicroseconds: Double

    // MARK: Quirks

    /// The 4-byte UB gather at a byte address = 30 (mod 32) returns a wrong value (brief
    /// "Vector instructions", paper section 4.1). See `GatherQuirk` for the value returned.
    public var gatherQuirk: Bool

    public init(name: String, cores: Int, clockGHz: Double, ubBytes: Int, queueDepth: Int, scalarCycles: Double,
                scalarMulCycles: Double, scalarDivCycles: Double, branchCycles: Double, scalarUBCycles: Double,
                scalarGMCycles: Double, vectorCost: [VectorCostClass: VectorCost], mte2BytesPerCycle: Double,
                mte3BytesPerCycle: Double, gmBytesPerCycle: Double, readLatency: Double, writeLatency: Double,
                requestRounding: Int, burstBytes: Int, misalignedEfficiency: Double, dmaRequestCycles: Double,
                atomicConflictPenalty: Double, atomicRegionBytes: Int, flagCycles: Double, barrierCycles: Double,
                syncAllCycles: Double, launchMicroseconds: Double, gatherQuirk: Bool,
                l2Bytes: Int = 0, l2LineBytes: Int = 512, l2SectorBytes: Int = 32, l2BytesPerCycle: Double = .infinity) {
        self.name = name
        self.cores = cores
        self.clockGHz = clockGHz
        self.ubBytes = ubBytes
        self.queueDepth = queueDepth
        self.scalarCycles = scalarCycles
        self.scalarMulCycles = scalarMulCycles
        self.scalarDivCycles = scalarDivCycles
        self.branchCycles = branchCycles
        self.scalarUBCycles = scalarUBCycles
        self.scalarGMCycles = scalarGMCycles
        self.vectorCost = vectorCost
        self.mte2BytesPerCycle = mte2BytesPerCycle
        self.mte3BytesPerCycle = mte3BytesPerCycle
        self.gmBytesPerCycle = gmBytesPerCycle
        self.readLatency = readLatency
        self.writeLatency = writeLatency
        self.requestRounding = requestRounding
        self.burstBytes = burstBytes
        self.misalignedEfficiency = misalignedEfficiency
        self.dmaRequestCycles = dmaRequestCycles
        self.atomicConflictPenalty = atomicConflictPenalty
        self.atomicRegionBytes = atomicRegionBytes
        self.flagCycles = flagCycles
        self.barrierCycles = barrierCycles
        self.syncAllCycles = syncAllCycles
        self.launchMicroseconds = launchMicroseconds
        self.gatherQuirk = gatherQuirk
        self.l2Bytes = l2Bytes
        self.l2LineBytes = l2LineBytes
        self.l2SectorBytes = l2SectorBytes
        self.l2BytesPerCycle = l2BytesPerCycle
    }

    /// L2 lines (0: no L2).
    public var l2Lines: Int { l2LineBytes > 0 ? l2Bytes / l2LineBytes : 0 }

    /// Launch overhead in cycles.
    public var launchCycles: Double { launchMicroseconds * clockGHz * 1000 }

    /// Vector cost of a class (every class has an entry in the presets; JSON may override).
    public func cost(_ c: VectorCostClass) -> VectorCost { vectorCost[c] ?? VectorCost(startup: 0, perRepeat: 0) }

    /// Names of the built-in presets.
    public static let presetNames = ["910b2c", "910b3"]

    /// A built-in preset by name, or nil.
    public static func preset(_ name: String) -> Machine? {
        switch name.lowercased() {
        case "910b2c": return .ascend910B2C
        case "910b3":
            var m = Machine.ascend910B2C
            m.name = "910b3"
            // brief "Chip": 910B3 has 40 AIV at the same clock. Same AIV design, so we assume the
            // same gather quirk (the paper only measured a 910B2C).
            m.cores = 40
            return m
        default: return nil
        }
    }

    /// The Ascend 910B2C, the machine of the xMSDA paper.
    public static let ascend910B2C = Machine(
        name: "910b2c", cores: 48, clockGHz: 1.8, ubBytes: 196_608, queueDepth: 16,
        scalarCycles: 1, scalarMulCycles: 2, scalarDivCycles: 12, branchCycles: 2, scalarUBCycles: 2, scalarGMCycles: 20,
        vectorCost: VectorCost.defaults,
        mte2BytesPerCycle: 58.6, mte3BytesPerCycle: 109, gmBytesPerCycle: 1000,
        readLatency: 241, writeLatency: 96, requestRounding: 32, burstBytes: 512, misalignedEfficiency: 0.7,
        dmaRequestCycles: DMACalibration.requestCycles,
        atomicConflictPenalty: 0.15, atomicRegionBytes: 512,
        flagCycles: 1, barrierCycles: 16, syncAllCycles: 600, launchMicroseconds: 20, gatherQuirk: true,
        l2Bytes: 192 << 20, l2LineBytes: 512, l2SectorBytes: 32, l2BytesPerCycle: .infinity)
}

/// Cost of one vector instruction class: `startup + perRepeat x repeats` cycles, one repeat being
/// 256 bytes; the startup is hidden when the V pipe runs the instruction back to back.
public struct VectorCost: Sendable, Equatable {
    public var startup: Double
    public var perRepeat: Double
    public init(startup: Double, perRepeat: Double) {
        self.startup = startup
        self.perRepeat = perRepeat
    }

    /// The PTO cost model figures quoted in the brief ("Vector instructions"), fp32, except the
    /// gather slopes (calibrated, below). Where the brief gives a range (vadd ~6-7) we take the
    /// upper end, 7.
    public static let defaults: [VectorCostClass: VectorCost] = [
        .binary: .init(startup: 7, perRepeat: 2.1),        // vadd, vsub, vmul ~6-7 / ~2.1
        .binaryScalar: .init(startup: 7, perRepeat: 1),    // vadds, vmuls 6-7 / 1
        .dup: .init(startup: 1, perRepeat: 1),             // vector_dup, broadcast 1 / 1
        .compareFast: .init(startup: 3, perRepeat: 1),     // compare gt/lt/eq 3 / 1
        .compareSlow: .init(startup: 10, perRepeat: 2),    // compare ge/le/ne 10 / 2
        .select: .init(startup: 1.9, perRepeat: 1.05),     // select with scalar 1.9 / 1.05
        .convert: .init(startup: 9, perRepeat: 1),         // convert s32 to f32 9 / 1
        .div: .init(startup: 13, perRepeat: 4),            // div 13 / 4
        .reduce: .init(startup: 20, perRepeat: 7),         // reduce-add across a repeat 20 / 7
        // Gather: startups from PTO (6.6, ~5); slopes calibrated to the paper's measured UB-gather
        // bandwidth, the brief's only hardware figure for it ("Microbenchmark figures": <= 424 GB/s
        // for 2-byte, <= 845 GB/s for the merged 4-byte gather, 48 cores at 1.8 GHz). PTO's slopes
        // (24 / 12 per repeat) give 921.6 / 1843.2 GB/s on kernels/bench/ub_gather.asm, 2.2x the
        // chip; scaled: 24 x 921.6 / 424 = 52.17 and 12 x 1843.2 / 845 = 26.18. Where the two
        // sources disagree we take the measurement (docs/CycleModel.md, "Calibration").
        .gather16: .init(startup: 6.6, perRepeat: 52.17),
        .gather32: .init(startup: 5, perRepeat: 26.18),
    ]
}

/// The calibrated DMA request overhead and the arithmetic behind it (docs/CycleModel.md,
/// "Calibration"). Kept apart so the bench kernel and the test that re-derives it share it.
public enum DMACalibration {
    /// Calibration target: the paper's GM gather, about 106 GB/s chip-wide with one small copy per
    /// pixel (brief "Microbenchmark figures"), i.e. 106e9 / 1.8e9 / 48 = 1.2269 B/cycle per core.
    /// The benchmark (kernels/bench/gm_gather.asm) gathers 64-byte pixels (32 fp16 channels) at
    /// random 64-byte-aligned GM offsets, one request each. Per request the model charges
    /// `r` cycles + 64 B / 58.6 B/cycle (the chip limit of 1000 B/cycle is not reached: 48 x
    /// 1.227 = 59 B/cycle), so 64 / (r + 64/58.6) = 1.2269 gives r = 52.16 - 1.09 = 51.07.
    public static let requestCycles: Double = 51.07
}
