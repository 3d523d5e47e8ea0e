import Assembler
import Foundation
import ISA
import Interpreter

/// Why `vrun` stops before or after running: a usage error (exit 64) or problems with the
/// inputs or the run (exit 1), possibly several (every assembly error).
enum VrunFailure: Error {
    case usage(UsageError)
    case problems([VrunProblem])

    static func problem(_ p: VrunProblem) -> VrunFailure { .problems([p]) }
}

/// Loading what `vrun` runs: the machine description and the kernel.
enum VrunKernel {
    /// The preset used without `--machine`: the 910B2C of the xMSDA paper.
    static let defaultMachine = "910b2c"

    /// `--machine NAME` (a preset) or `--machine FILE.json` (a description over a preset).
    static func machine(_ spec: String?, readFile: (String) -> [UInt8]?) -> Result<Machine, VrunFailure> {
        let spec = spec ?? defaultMachine
        let isFile = spec.hasSuffix(".json") || spec.contains("/")
        if !isFile {
            guard let m = Machine.preset(spec) else {
                return .failure(.usage(UsageError("--machine: unknown machine '\(spec)' (presets: \(Machine.presetNames.joined(separator: ", ")); or a FILE.json)")))
            }
            return .success(m)
        }
        guard let bytes = readFile(spec) else {
            return .failure(.problem(VrunProblem(id: "machine.io", message: "cannot read machine description '\(spec)'", location: spec)))
        }
        switch Machine.fromJSON(Data(bytes), source: spec) {
        case .success(let m): return .success(m)
        case .failure(let e): return .failure(.problem(VrunProblem(id: e.id, message: e.message, location: spec, text: "\(spec): error: \(e.message) [\(e.id)]")))
        }
    }

    /// Assembles a `.asm` file (warnings go to `warn`) or decodes a `.vbin` file.
    static func program(_ path: String, defines: [String: String], readFile: @escaping @Sendable (String) -> [UInt8]?,
                        warn: (String) -> Void) -> Result<Program, VrunFailure> {
        let ext = path.split(separator: "/").last.flatMap { name in name.contains(".") ? name.split(separator: ".").last : nil }
        switch ext.map({ $0.lowercased() }) {
        case "asm":
            let options = AssemblerOptions(defines: defines, fileReader: readFile)
            let result = Assembler.assemble(path: path, options: options)
            guard let program = result.program else {
                let errors = result.diagnostics.filter { $0.severity == .error }
                let problems = errors.map { d in
                    VrunProblem(id: d.id, message: d.message, location: d.line > 0 ? "\(d.file):\(d.line):\(max(d.column, 1))" : d.file,
                                text: d.rendered())
                }
                // Notes and warnings sorted among the errors: print them all, as vasm does.
                warn(result.diagnostics.filter { $0.severity != .error }.rendered())
                return .failure(.problems(problems.isEmpty ? [VrunProblem(id: "asm.failed", message: "assembly failed", location: path)] : problems))
            }
            warn(result.diagnostics.rendered())
            return .success(program)
        case "vbin":
            if !defines.isEmpty { return .failure(.usage(UsageError("-D applies to .asm kernels; '\(path)' is already assembled"))) }
            guard let bytes = readFile(path) else {
                return .failure(.problem(VrunProblem(id: "vrun.file-not-found", message: "cannot read '\(path)'", location: path)))
            }
            switch BytecodeReader.decode(bytes) {
            case .success(let p): return .success(p)
            case .failure(let e):
                return .failure(.problem(VrunProblem(id: e.id, message: e.message, location: "\(path): byte \(e.offset)")))
            }
        default:
            return .failure(.usage(UsageError("KERNEL must be a .asm or .vbin file, found '\(path)'")))
        }
    }
}
