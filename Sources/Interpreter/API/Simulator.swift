import Dispatch
import Foundation
import ISA
import Synchronization

/// Runs a kernel on the machine model.
///
/// ```swift
/// let machine = Machine.preset("910b2c")!
/// var args = KernelArguments()
/// args["x"] = .gm(bytes: x)
/// args["n"] = .int(1024)
/// switch Simulator.run(program: program, machine: machine, arguments: args, options: RunOptions()) {
/// case .success(let report): print(report.cycles, report.outputs["z"]!)
/// case .failure(let error): print(error)
/// }
/// ```
///
/// Phase 1 (functional) runs each core's program on host threads, epoch by epoch between
/// sync_alls, producing the outputs and one stream of issue records per core. Phase 2 (timing)
/// replays the streams in simulated time on one host thread (`TimingModel`): after phase 1, or,
/// with several host threads, beside it (`ReplayThread`: the cores run in slices and publish
/// their records). Both are deterministic: outputs, cycles and errors do not depend on
/// `RunOptions.threads`.
public enum Simulator {
    ///
    /// `arguments` is consumed: pass it with `consume` (or as a temporary) and the host copies of
    /// the GM buffers are released as soon as GM holds them, so a large input is not held twice.
    public static func run(program: Program, machine: Machine, arguments: consuming KernelArguments,
                           options: RunOptions = RunOptions()) -> Result<RunReport, RuntimeError> {
        let t0 = Date()
        let coreCount = options.cores ?? machine.cores
        if coreCount < 1 || coreCount > machine.cores {
            return .failure(RuntimeError(id: "args.cores",
                message: "cannot run on \(coreCount) cores: the \(machine.name) machine has \(machine.cores) (launching more blocks than cores deadlocks on the real chip)"))
        }
        if program.ubSize > UInt32(machine.ubBytes) {
            return .failure(RuntimeError(id: "args.ub",
                message: "the program's buffers were laid out for a \(program.ubSize)-byte UB; the \(machine.name) machine has \(machine.ubBytes) bytes"))
        }
        let bindResult = bind(program, arguments, maxGMBytes: options.maxGMBytes ?? RunOptions.defaultMaxGMBytes)
        // From here on `contents` holds the only references to the host buffers (unless the
        // caller kept its own): GlobalMemory releases each one once it is copied in.
        arguments = KernelArguments()
        var bound: (bindings: [GMBinding], contents: [GMContent], values: [Int64])
        switch consume bindResult {
        case .success(let b): bound = b
        case .failure(let e): return .failure(e)
        }
        let code: [DecodedInstruction]
        switch PreDecoder.decode(program, machine: machine) {
        case .success(let c): code = c
        case .failure(let e): return .failure(e)
        }
        let gm = GlobalMemory(bindings: bound.bindings, contents: &bound.contents)
        // A write-only parameter is an output the kernel fills: its pages are made writable in
        // one call now rather than one fault each, two where the first access is an atomic add's
        // load (`PageMapping.prepareForWrite`).
        for (i, b) in bound.bindings.enumerated() where options.writeOnly.contains(b.name) {
            PageMapping.prepareForWrite(gm.blocks[i].base, b.size)
        }
        let ctx = RunContext(program: program, code: code, machine: machine, options: options, gm: gm,
                             paramValues: bound.values, coreCount: coreCount)
        let cores = (0..<coreCount).map { Core(index: $0, ctx: ctx) }
        let threads = max(1, min(options.threads ?? ProcessInfo.processInfo.activeProcessorCount, coreCount))

        // Phase 2, the timing replay, runs beside phase 1 on a thread of its own when there are
        // several host threads (and no timeline, whose event order would follow the overlap):
        // it reads each core's records as they are published. Alone it would be single-threaded
        // at the end, a fifth of the paper forward's wall time. Not when the kernel adds to a
        // write-only parameter: the overlap runs all cores in slices side by side, so none would
        // finish early and the adds (which land in core order, `AtomicStream`) would all be held
        // to the end; the MSDA backward's are gigabytes.
        let streamsAtomics = !options.writeOnly.isEmpty && code.contains { $0.opcode == Op.scatterAdd }
        let overlap = threads > 1 && !options.recordTimeline && !streamsAtomics
        let replay = overlap ? ReplayThread(TimingModel(machine: machine, cores: cores, recordTimeline: false,
                                                        cycleBudget: options.cycleBudget, feed: ReplayFeed(cores: cores))) : nil
        replay?.start()

        // Phase 1: epochs.
        if let e = functionalPhase(cores, ctx: ctx, threads: threads, sliced: overlap) {
            replay?.cancel()
            return .failure(e)
        }
        // The write logs of the last epoch are committed; their capacity (as large as everything
        // the kernel wrote to GM in that epoch) is not needed by the timing phase.
        for c in cores { c.releaseEpochLogs() }
        let t1 = Date()

        // Phase 2: timing (or what is left of it).
        var model: TimingModel
        if let replay {
            model = replay.wait()
            if let e = replay.error { return .failure(e) }
        } else {
            model = TimingModel(machine: machine, cores: cores, recordTimeline: options.recordTimeline, cycleBudget: options.cycleBudget)
            if let e = model.run() { return .failure(e) }
        }
        let t2 = Date()

        var outputs: [String: [UInt8]] = [:], blocks: [String: GMBlock] = [:]
        for (i, b) in bound.bindings.enumerated() {
            if options.blockOutputs.contains(b.name) {
                blocks[b.name] = gm.blocks[i]
            } else if options.outputNames?.contains(b.name) ?? true {
                outputs[b.name] = gm.blocks[i].bytes
            }
        }
        var counts: [String: Int] = [:]
        var total = 0
        for op in 0..<256 {
            let n = cores.reduce(0) { $0 + Int($1.opcodeCounts[op]) }
            if n > 0, let m = Opcode(UInt8(op)).spec?.mnemonic { counts[m, default: 0] += n; total += n }
        }
        var report = model.report(outputs: outputs, bindings: bound.bindings, opcodeCounts: counts, instructions: total,
                                  instructionsPerCore: cores.map(\.executed),
                                  functionalSeconds: t1.timeIntervalSince(t0), timingSeconds: t2.timeIntervalSince(t1))
        report.blocks = blocks
        if options.recordTimeline {
            var byPC = [Double](repeating: 0, count: code.count)
            for c in cores { if let p = c.scalarByPC { for i in 0..<code.count { byPC[i] += p[i] } } }
            report.scalarCyclesByPC = byPC
        }
        return .success(report)
    }

    /// Runs the epochs between sync_alls until every core has ended; commits each epoch's GM
    /// writes. The first error in core order, if any.
    static func functionalPhase(_ cores: [Core], ctx: RunContext, threads: Int, sliced: Bool) -> RuntimeError? {
        while true {
            if sliced { runEpochSliced(cores, threads: threads, stream: ctx.atomicStream) } else { runEpoch(cores, threads: threads, stream: ctx.atomicStream) }
            if let e = cores.lazy.compactMap(\.error).first { return e }
            if ctx.options.checks, let e = CrossCoreRaces.check(cores, gm: ctx.gm) { return e }
            EpochCommit.apply(cores, gm: ctx.gm)
            let ended = cores.filter { $0.status == .ended }.count
            if ended == cores.count { return nil }
            if ended > 0 {
                let waiting = cores.first { $0.status == .atSyncAll }!
                let done = cores.first { $0.status == .ended }!
                return RuntimeError(id: "deadlock.sync-all",
                    message: "core \(waiting.index) waits at sync_all but core \(done.index) has already ended: every core must reach the same number of sync_alls",
                    core: waiting.index, pipe: .s, pc: waiting.pc - 1, location: ctx.location(waiting.pc - 1),
                    instructionCount: waiting.executed)
            }
            for c in cores { c.status = .running }
        }
    }

    /// `runEpoch` in rounds of slices: every running core runs `RunOptions.sliceInstructions`, then
    /// publishes its final records for the replay, round after round, until every core has
    /// stopped (sync_all, end, error). Cores above the lowest failed one are left where they
    /// are: that core's error is the run's (cores below it still run to the end of the epoch,
    /// as in `runEpoch`, since one of them may fail too).
    static func runEpochSliced(_ cores: [Core], threads: Int, stream: AtomicStream) {
        stream.begin(cores)
        let ctx = cores[0].ctx
        let slice = max(1, ctx.options.sliceInstructions)
        while true {
            let failed = ctx.lowestFailedCore.load(ordering: .relaxed)
            let todo = cores.filter { $0.status == .running && $0.index < failed }
            if todo.isEmpty { return }
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: min(threads, todo.count)) { _ in
                while true {
                    let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if k >= todo.count { return }
                    let c = todo[k]
                    c.run(limit: c.executed + slice)
                    if c.status == .running {
                        c.publish()
                    } else {
                        c.publish(done: c.status != .atSyncAll)
                        stream.finished(c.index, cores)
                    }
                }
            }
        }
    }

    /// Runs every running core until its next sync_all, end or error; `threads` host threads,
    /// each taking the next core in index order (cores share nothing mutable during an epoch).
    /// Index order, not a fixed share per thread: the write-only atomic adds land in core order
    /// (`AtomicStream`), so a thread running far ahead of the other would hold many cores' adds.
    /// Write-only bindings' atomic adds land in core order as cores finish (`AtomicStream`).
    static func runEpoch(_ cores: [Core], threads: Int, stream: AtomicStream) {
        stream.begin(cores)
        if threads == 1 {
            for c in cores where c.status == .running { c.run(); stream.finished(c.index, cores) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if i >= cores.count { return }
                if cores[i].status == .running { cores[i].run(); stream.finished(i, cores) }
            }
        }
    }

    /// Checks the arguments against the parameters and lays out GM; refuses (`gm.size`) a layout
    /// larger than `maxGMBytes`. Contents are empty for `.zeros` (GM starts zeroed).
    static func bind(_ p: Program, _ args: KernelArguments, maxGMBytes: Int = .max) -> Result<([GMBinding], [GMContent], [Int64]), RuntimeError> {
        func err(_ id: String, _ m: String) -> Result<([GMBinding], [GMContent], [Int64]), RuntimeError> { .failure(RuntimeError(id: id, message: m)) }
        let names = Set(p.params.map(\.name))
        if let extra = args.values.keys.sorted().first(where: { !names.contains($0) }) {
            return err("args.unknown", "argument \"\(extra)\" does not name a parameter of the kernel (parameters: \(p.params.map(\.name).joined(separator: ", ")))")
        }
        var sizes: [Int] = [], gmIndex: [Int] = []
        for (i, d) in p.params.enumerated() {
            guard let a = args[d.name] else { return err("args.missing", "parameter \"\(d.name)\" (\(d.kind)) has no argument") }
            switch (d.kind, a) {
            case (.gm(let t), .gm), (.gm(let t), .zeros), (.gm(let t), .block):
                let (count, et) = gmSize(a)
                if count < 0 {
                    return err("args.size", "parameter \"\(d.name)\": a zero-filled buffer cannot have \(count) bytes")
                }
                if let t, let et, t != et {
                    return err("args.type", "parameter \"\(d.name)\" is \(d.kind) but the argument holds \(et) data")
                }
                if let t, count % t.size != 0 {
                    return err("args.type", "parameter \"\(d.name)\" is \(d.kind) but the argument's \(count) bytes are not a whole number of \(t) elements")
                }
                sizes.append(count); gmIndex.append(i)
            case (.i64, .int), (.f32, .float), (.f32, .int): break
            default:
                return err("args.type", "parameter \"\(d.name)\" is \(d.kind) but the argument is \(describe(a))")
            }
        }
        guard let addrs = GlobalMemory.layout(checked: sizes) else {
            return .failure(gmSizeError(p, gmIndex, sizes, total: nil, cap: maxGMBytes))
        }
        // What GlobalMemory allocates: up to the end of the last binding.
        let total = Int((addrs.last ?? GlobalMemory.base) - GlobalMemory.base) + (sizes.last ?? 0)
        if total > maxGMBytes {
            return .failure(gmSizeError(p, gmIndex, sizes, total: total, cap: maxGMBytes))
        }
        var bindings: [GMBinding] = [], contents: [GMContent] = [], values = [Int64](repeating: 0, count: p.params.count)
        var blockOwners: [ObjectIdentifier: String] = [:]
        for (k, i) in gmIndex.enumerated() {
            let d = p.params[i]
            let et: ElementType?, shape: [Int]?, content: GMContent
            switch args[d.name]! {
            case .gm(let b, let t, let s): (content, et, shape) = (.bytes(b), t, s)
            case .zeros(_, let t, let s): (content, et, shape) = (.bytes([]), t, s)
            case .block(let b, let t, let s):
                if let other = blockOwners.updateValue(d.name, forKey: ObjectIdentifier(b)) {
                    return err("args.block-shared", "parameters \"\(other)\" and \"\(d.name)\" are bound to the same GMBlock; a block holds one parameter (it is written in place)")
                }
                (content, et, shape) = (.block(b), t, s)
            case .int, .float: continue
            }
            var t = et
            if case .gm(let declared) = d.kind, t == nil { t = declared }
            bindings.append(GMBinding(name: d.name, address: addrs[k], size: sizes[k], elementType: t, shape: shape))
            contents.append(content)
            values[i] = Int64(addrs[k])
        }
        for (i, d) in p.params.enumerated() {
            switch (d.kind, args[d.name]!) {
            case (.i64, .int(let v)): values[i] = v
            case (.f32, .float(let f)): values[i] = Int64(f.bitPattern)
            case (.f32, .int(let v)): values[i] = Int64(Float(v).bitPattern)
            default: break
            }
        }
        return .success((bindings, contents, values))
    }

    static func describe(_ a: KernelArgument) -> String {
        switch a {
        case .gm, .zeros, .block: "a GM buffer"
        case .int: "an integer"
        case .float: "a float"
        }
    }

    /// Byte count and element type of a GM argument (0 and nil for scalars).
    static func gmSize(_ a: KernelArgument) -> (bytes: Int, elementType: ElementType?) {
        switch a {
        case .gm(let bytes, let t, _): (bytes.count, t)
        case .zeros(let n, let t, _): (n, t)
        case .block(let b, let t, _): (b.count, t)
        case .int, .float: (0, nil)
        }
    }

    /// `gm.size`: the GM the bindings need, the largest parameters, the cap and how to raise it.
    /// `total` nil: the layout overflows 64-bit addresses.
    static func gmSizeError(_ p: Program, _ gmIndex: [Int], _ sizes: [Int], total: Int?, cap: Int) -> RuntimeError {
        func amount(_ n: Int) -> String {
            n >= 1 << 30 ? "\(n) bytes (\(ReportFormat.fixed(Double(n) / Double(1 << 30), 2)) GiB)"
                : n >= 1 << 20 ? "\(n) bytes (\(ReportFormat.fixed(Double(n) / Double(1 << 20), 2)) MiB)" : "\(n) bytes"
        }
        let largest = zip(gmIndex, sizes).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(4)
            .map { "\(p.params[$0.0].name) \(amount($0.1))" }.joined(separator: ", ")
        let need = total.map { "need \(amount($0)) of GM" } ?? "do not fit in 64-bit GM addresses"
        return RuntimeError(id: "gm.size",
            message: "the kernel's GM parameters \(need), more than the cap of \(amount(cap)) (largest: \(largest)); "
                + "the run would exhaust host memory, so nothing was allocated",
            notes: ["the default cap is 3/4 of the host's physical memory (\(amount(RunOptions.defaultMaxGMBytes))); "
                    + "raise it with RunOptions.maxGMBytes or vrun --max-gm-bytes N if the host has the memory "
                    + "(a run also needs about as much again for its write logs and the outputs it copies back)"])
    }
}
