import Assembler
import ISA

/// `vasm`: assembles `.asm` to `.vbin`, or disassembles `.vbin` back to text (docs/Assembly.md).
///
///     vasm FILE.asm [-o OUT] [-D NAME=VALUE]... [--ub-size N]
///     vasm -d FILE.vbin [-o OUT]
///
/// Exit codes: 0 success, 1 assembly or file errors, 64 usage errors. Diagnostics go to stderr;
/// help, version and disassembly (without `-o`) to stdout.
public enum VasmCommand {
    /// The tool's own version (the bytecode and ISA versions are printed beside it).
    public static let version = "0.1.0"

    public static let spec = ArgumentSpec(
        command: "vasm",
        summary: "Assemble vector-core assembly (docs/Assembly.md) into .vbin bytecode, or disassemble bytecode with -d.",
        options: [
            ArgumentOption(["-o", "--output"], value: "FILE", help: "Output file (default: the input with extension .vbin; stdout for -d)."),
            ArgumentOption(["-D", "--define"], key: "define", value: "NAME=VALUE", repeatable: true,
                           help: "Define NAME as the integer expression VALUE (NAME alone means 1)."),
            ArgumentOption(["--ub-size"], value: "BYTES", help: "UB size to check the buffer layout against, unless the source has .ubsize."),
            ArgumentOption(["-d", "--disassemble"], help: "Disassemble a .vbin file to text that assembles back to the same bytes."),
            ArgumentOption(["--help-isa"], help: "List every instruction of the ISA with its operands."),
            ArgumentOption(["--version"], help: "Print the tool, bytecode format and ISA versions."),
            ArgumentOption(["-h", "--help"], help: "Show help information."),
        ],
        positionals: [ArgumentPositional("FILE", help: "The .asm file to assemble (or the .vbin file with -d).")],
        extraUsage: ["vasm -d FILE.vbin [-o FILE]"])

    /// Runs with the process's stdout, stderr and file system.
    public static func run(_ args: [String]) -> Int32 { run(args, io: .standard) }

    /// Runs with the given output sinks and file access (what tests use).
    public static func run(_ args: [String], io: CommandIO) -> Int32 {
        switch execute(args, io: io) {
        case .success(let code): return code
        case .failure(let usage):
            io.stderr("\(usage)\n\(spec.usage)\n  See 'vasm --help'.\n")
            return ExitCode.usage
        }
    }

    private static func execute(_ args: [String], io: CommandIO) -> Result<Int32, UsageError> {
        let parsed: ParsedArguments
        switch ArgumentParser.parse(args, spec) {
        case .failure(let e): return .failure(e)
        case .success(let p): parsed = p
        }
        if parsed.helpRequested {
            io.stdout(spec.help)
            return .success(ExitCode.success)
        }
        if parsed.flag("version") {
            io.stdout("vasm \(version) (bytecode format \(BytecodeFormat.version), ISA version \(ISAVersion.current))\n")
            return .success(ExitCode.success)
        }
        if parsed.flag("help-isa") {
            io.stdout(isaListing())
            return .success(ExitCode.success)
        }
        if let e = ArgumentParser.checkPositionals(parsed, spec) { return .failure(e) }
        let input = parsed.positionals[0]
        if parsed.flag("disassemble") {
            if !parsed.all("define").isEmpty || parsed.value("ub-size") != nil {
                return .failure(UsageError("-D and --ub-size apply to assembly, not to -d"))
            }
            return .success(disassemble(input, output: parsed.value("output"), io: io))
        }
        var options = AssemblerOptions(fileReader: io.readFile)
        for d in parsed.all("define") {
            let name = d.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let value = d.contains("=") ? String(d.drop { $0 != "=" }.dropFirst()) : ""
            if name.isEmpty { return .failure(UsageError("-D needs NAME or NAME=VALUE, found '\(d)'")) }
            if options.defines[name] != nil { return .failure(UsageError("-D \(name) is given more than once")) }
            options.defines[name] = value
        }
        switch parsed.integer("ub-size", as: UInt32.self, in: 32...UInt32.max) {
        case .failure(let e): return .failure(e)
        case .success(let size?):
            guard size % 32 == 0 else { return .failure(UsageError("--ub-size: \(size) is not a multiple of 32")) }
            options.ubSize = size
        case .success(nil): break
        }
        return .success(assemble(input, output: parsed.value("output") ?? defaultOutput(for: input), options: options, io: io))
    }

    private static func assemble(_ input: String, output: String, options: AssemblerOptions, io: CommandIO) -> Int32 {
        let result = Assembler.assemble(path: input, options: options)
        io.stderr(result.diagnostics.rendered())
        guard let program = result.program else { return ExitCode.failure }
        if let problem = io.writeFile(output, BytecodeWriter.encode(program)) {
            io.stderr("vasm: error: \(problem)\n")
            return ExitCode.failure
        }
        return ExitCode.success
    }

    private static func disassemble(_ input: String, output: String?, io: CommandIO) -> Int32 {
        guard let bytes = io.readFile(input) else {
            io.stderr("\(input): error: cannot read file [vasm.file-not-found]\n")
            return ExitCode.failure
        }
        switch BytecodeReader.decode(bytes) {
        case .failure(let e):
            io.stderr("\(input): byte \(e.offset): error: \(e.message) [\(e.id)]\n")
            return ExitCode.failure
        case .success(let program):
            let text = Disassembler.text(program)
            guard let output else {
                io.stdout(text)
                return ExitCode.success
            }
            if let problem = io.writeFile(output, Array(text.utf8)) {
                io.stderr("vasm: error: \(problem)\n")
                return ExitCode.failure
            }
            return ExitCode.success
        }
    }

    /// `dir/kernel.asm` -> `dir/kernel.vbin`: the last extension of the file name is replaced.
    public static func defaultOutput(for input: String) -> String {
        let nameStart = input.lastIndex(of: "/").map { input.index(after: $0) } ?? input.startIndex
        if let dot = input[nameStart...].lastIndex(of: "."), dot != nameStart {
            return String(input[..<dot]) + ".vbin"
        }
        return input + ".vbin"
    }

    /// Every instruction's signature, pipe and semantics, from the opcode table.
    static func isaListing() -> String {
        var s = ""
        for spec in OpcodeTable.all {
            let pipe: String
            switch spec.pipe {
            case .fixed(let p): pipe = p.name
            case .operand(let i): pipe = "pipe of operand \(i + 1)"
            case .barrierOperand: pipe = "named pipe"
            }
            s += "\(spec.signature)\n    [\(pipe)] \(spec.semantics)\n"
        }
        return s
    }
}
