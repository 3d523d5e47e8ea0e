import ISA

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Settings of one assembly run.
public struct AssemblerOptions: Sendable {
    /// `-D NAME=VALUE` definitions: VALUE is an integer expression; an empty VALUE means 1.
    public var defines: [String: String]
    /// UB size the static layout is checked against when the source has no `.ubsize`
    /// (nil: `MachineLimits.default.ubBytes`).
    public var ubSize: UInt32?
    /// Reads a file by path (the main file and every `.include`); nil reads the real file
    /// system. Tests pass an in-memory reader.
    public var fileReader: (@Sendable (String) -> [UInt8]?)?

    public init(defines: [String: String] = [:], ubSize: UInt32? = nil, fileReader: (@Sendable (String) -> [UInt8]?)? = nil) {
        self.defines = defines
        self.ubSize = ubSize
        self.fileReader = fileReader
    }
}

/// What an assembly run produced: the program, unless there was an error, and every diagnostic
/// (errors and warnings), sorted by file and position and capped at `Assembler.maxErrors` errors.
public struct AssemblyResult: Sendable {
    public var program: Program?
    public var diagnostics: [Diagnostic]

    public init(program: Program?, diagnostics: [Diagnostic]) {
        self.program = program
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// The assembler: text (docs/Assembly.md) to a validated `Program`.
///
/// Everything that can be wrong with the input comes back as a `Diagnostic` value with a stable
/// id; nothing traps. After assembly, `ProgramValidator.validate` checks the program exactly as
/// the bytecode reader will check a loaded file, so what the assembler accepts always loads.
public enum Assembler {
    /// Errors reported per run; later ones are summarised in one `asm.too-many-errors` line.
    public static let maxErrors = 20

    /// Assembles the file at `path`, read through `options.fileReader` or the file system.
    public static func assemble(path: String, options: AssemblerOptions = AssemblerOptions()) -> AssemblyResult {
        let reader = options.fileReader ?? readFile
        guard let bytes = reader(path) else {
            let d = Diagnostic(severity: .error, id: "asm.file-not-found", message: "cannot read '\(path)'", file: path, line: 0, column: 0)
            return AssemblyResult(program: nil, diagnostics: [d])
        }
        return assemble(source: bytes, path: path, options: options)
    }

    /// Assembles `source` as if it were the file `path` (includes are relative to it).
    public static func assemble(source: [UInt8], path: String, options: AssemblerOptions = AssemblerOptions()) -> AssemblyResult {
        let context = AssemblyContext(options: options)
        return context.run(main: SourceBuffer(path: path, bytes: source))
    }

    /// Reads a whole file with the C library (no Foundation in the library modules).
    @Sendable static func readFile(_ path: String) -> [UInt8]? {
        readWholeFile(path)
    }
}
