import Foundation
import ISA
import Interpreter
import NPY

/// A failure of `vrun` that is not a usage error: a file that cannot be read, a `.npy` of the
/// wrong type, assembly errors, a runtime error. `text` goes to stderr as is; with `--json` the
/// same problem is an entry of `errors`.
struct VrunProblem: Error {
    var id: String
    var message: String
    /// `file:line:col`, a file name, or nil.
    var location: String?
    /// The full stderr text (one or more lines, no trailing newline).
    var text: String
    /// The runtime error behind the problem, for its core, pipe, pc and cycle in JSON.
    var runtime: RuntimeError?

    init(id: String, message: String, location: String? = nil, text: String? = nil, runtime: RuntimeError? = nil) {
        self.id = id
        self.message = message
        self.location = location
        self.text = text ?? "\(location ?? "vrun"): error: \(message) [\(id)]"
        self.runtime = runtime
    }
}

/// How one GM parameter was bound: the `.npy` dtype and shape its `--out` file gets.
struct VrunLayout: Equatable {
    var dtype: NPYDType?
    var elementType: ElementType?
    var shape: [Int]
}

/// Turns `--param`, `--in`, `--alloc` and `--out` into kernel arguments.
///
/// Two steps, because their failures differ: `plan` checks the command line against the
/// kernel's parameters (unknown names, a scalar bound as a buffer, unbound parameters: usage
/// errors, exit 64); `load` reads the `.npy` files (unreadable, malformed, wrong dtype: exit 1).
struct VrunBindings {
    var arguments = KernelArguments()
    /// Layout of each GM parameter bound by `--in` or `--alloc`.
    var layouts: [String: VrunLayout] = [:]
    /// `--in` files still to read, in command-line order.
    var inputs: [(name: String, path: String, declared: ElementType?)] = []
    /// `--out` requests, in command-line order.
    var outputs: [(name: String, path: String)] = []

    /// Largest `--alloc` buffer: half the host's memory (at most 64 GiB), so that a typo in
    /// the dimensions is an error rather than the process being killed for lack of memory.
    static var maxAllocBytes: Int {
        Int(min(UInt64(1) << 36, ProcessInfo.processInfo.physicalMemory / 2))
    }

    /// Checks every binding against the program's parameters; builds scalar and `--alloc`
    /// arguments (the `.npy` inputs are read by `load`).
    static func plan(_ s: VrunSettings, program: Program) -> Result<VrunBindings, UsageError> {
        do { return .success(try planThrowing(s, program: program)) } catch { return .failure(error) }
    }

    private static func planThrowing(_ s: VrunSettings, program: Program) throws(UsageError) -> VrunBindings {
        var b = VrunBindings()
        let byName = Dictionary(program.params.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var boundBy: [String: String] = [:]
        func param(_ name: String, _ option: String) throws(UsageError) -> ParamDecl {
            guard let d = byName[name] else {
                let known = program.params.map { "\($0.name) (\($0.kind))" }.joined(separator: ", ")
                throw UsageError("\(option) \(name): the kernel has no parameter '\(name)' (parameters: \(known.isEmpty ? "none" : known))")
            }
            return d
        }
        func claim(_ name: String, _ option: String) throws(UsageError) {
            if let earlier = boundBy[name] {
                throw UsageError("parameter '\(name)' is bound twice (\(earlier) and \(option))")
            }
            boundBy[name] = option
        }

        for (name, value) in s.params {
            let d = try param(name, "--param")
            try claim(name, "--param")
            switch d.kind {
            case .gm:
                throw UsageError("--param \(name): parameter '\(name)' is a GM buffer (\(d.kind)); bind it with \(bufferHint(d))")
            case .i64:
                guard let v = parseInteger(value) else {
                    throw UsageError("--param \(name)=\(value): parameter '\(name)' is i64 and '\(value)' is not a 64-bit integer")
                }
                b.arguments[name] = .int(v)
            case .f32:
                guard let f = parseFloat(value) else {
                    throw UsageError("--param \(name)=\(value): parameter '\(name)' is f32 and '\(value)' is not a number that fits in f32")
                }
                b.arguments[name] = .float(f)
            }
        }
        for (name, path) in s.inputs {
            let d = try param(name, "--in")
            try claim(name, "--in")
            guard case .gm(let declared) = d.kind else {
                throw UsageError("--in \(name): parameter '\(name)' is an \(d.kind) scalar; bind it with --param \(name)=VALUE")
            }
            if declared == .u32 {
                throw UsageError("--in \(name): parameter '\(name)' is gm.u32, and .npy files here have no uint32 dtype; bind it with --alloc \(name)=u32[N]")
            }
            b.inputs.append((name, path, declared))
        }
        for (name, spec) in s.allocs {
            let d = try param(name, "--alloc")
            try claim(name, "--alloc")
            guard case .gm(let declared) = d.kind else {
                throw UsageError("--alloc \(name): parameter '\(name)' is an \(d.kind) scalar; bind it with --param \(name)=VALUE")
            }
            let (type, shape) = try parseAlloc(spec, name: name)
            if let declared, declared != type {
                throw UsageError("--alloc \(name)=\(spec): parameter '\(name)' is \(d.kind), not gm.\(type.name)")
            }
            let count = shape.reduce(1, *)
            // parseAlloc bounds the size; no host array: GM starts zeroed.
            b.arguments[name] = .zeros(byteCount: count * type.size, elementType: type, shape: shape)
            b.layouts[name] = VrunLayout(dtype: npyType(type), elementType: type, shape: shape)
        }
        var outNames = Set<String>()
        for (name, path) in s.outputs {
            let d = try param(name, "--out")
            guard case .gm = d.kind else {
                throw UsageError("--out \(name): parameter '\(name)' is an \(d.kind) scalar, not a GM buffer; only GM buffers can be written out")
            }
            if !outNames.insert(name).inserted { throw UsageError("--out \(name) is given more than once") }
            if boundBy[name] == nil { continue }  // reported below with the other unbound parameters
            if let l = b.layouts[name], l.dtype == nil {
                throw UsageError("--out \(name): a \(l.elementType.map { "gm.\($0.name)" } ?? "gm") buffer cannot be written as .npy (no uint32 dtype)")
            }
            b.outputs.append((name, path))
        }

        let missing = program.params.filter { boundBy[$0.name] == nil }
        if !missing.isEmpty {
            var m = "the kernel's parameter\(missing.count == 1 ? "" : "s") "
                + missing.map { "'\($0.name)' (\($0.kind))" }.joined(separator: ", ")
                + " \(missing.count == 1 ? "is" : "are") not bound; bind"
            for d in missing {
                switch d.kind {
                case .gm where outNames.contains(d.name):
                    m += "\n    \(d.name) (written with --out) with \(bufferHint(d, outputOnly: true))"
                case .gm: m += "\n    \(d.name) with \(bufferHint(d))"
                case .i64: m += "\n    \(d.name) with --param \(d.name)=INTEGER"
                case .f32: m += "\n    \(d.name) with --param \(d.name)=NUMBER"
                }
            }
            throw UsageError(m)
        }
        return b
    }

    /// How to bind a GM parameter: read it, or allocate zeros (for a buffer only written).
    static func bufferHint(_ d: ParamDecl, outputOnly: Bool = false) -> String {
        var type = "f32"
        if case .gm(let t?) = d.kind { type = t.name }
        let read = (type == "u32" || outputOnly) ? "" : "--in \(d.name)=FILE.npy (input) or "
        return read + "--alloc \(d.name)=\(type)[DIMS] (zero-filled output)"
    }

    /// Reads every `--in` file through `readFile` and checks its dtype against the parameter.
    mutating func load(readFile: (String) -> [UInt8]?) -> VrunProblem? {
        for (name, path, declared) in inputs {
            guard let bytes = readFile(path) else {
                return VrunProblem(id: "vrun.file-not-found", message: "cannot read '\(path)' (--in \(name))", location: path)
            }
            let array: NPYArray
            do { array = try NPY.read(bytes: bytes, name: path) } catch {
                return VrunProblem(id: error.id.rawValue, message: "\(error.message) (--in \(name))", location: path)
            }
            let type = VrunBindings.elementType(array.dtype)
            if let declared, type != declared {
                let expected = VrunBindings.npyType(declared).map { "\($0) (\($0.descr))" } ?? "gm.\(declared.name)"
                return VrunProblem(id: "vrun.dtype", message:
                    "--in \(name): the file holds \(array.dtype) (\(array.dtype.descr)) data but parameter '\(name)' is gm.\(declared.name), which needs \(expected)",
                    location: path)
            }
            arguments[name] = .gm(bytes: array.data, elementType: type, shape: array.shape)
            layouts[name] = VrunLayout(dtype: array.dtype, elementType: type, shape: array.shape)
        }
        return nil
    }

    // MARK: - Values

    /// The ISA element type of a `.npy` dtype (nil for float64 and bool, which no instruction reads).
    static func elementType(_ d: NPYDType) -> ElementType? {
        switch d {
        case .float16: .f16
        case .float32: .f32
        case .int32: .i32
        case .int64: .i64
        case .uint8: .u8
        case .float64, .bool: nil
        }
    }

    /// The `.npy` dtype of an ISA element type (nil for u32, which the NPY module does not write).
    static func npyType(_ t: ElementType) -> NPYDType? {
        switch t {
        case .f16: .float16
        case .f32: .float32
        case .i32: .int32
        case .i64: .int64
        case .u8: .uint8
        case .u32: nil
        }
    }

    /// Decimal or `0x` hex, optionally negative, `_` separators allowed.
    static func parseInteger(_ s: String) -> Int64? {
        var t = Substring(s.filter { $0 != "_" })
        var negative = false
        if t.first == "-" || t.first == "+" { negative = t.first == "-"; t = t.dropFirst() }
        guard !t.isEmpty else { return nil }
        let magnitude: UInt64?
        if t.hasPrefix("0x") || t.hasPrefix("0X") { magnitude = UInt64(t.dropFirst(2), radix: 16) } else { magnitude = UInt64(t) }
        guard let m = magnitude else { return nil }
        if negative { return m <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- m) : nil }
        return m <= UInt64(Int64.max) ? Int64(m) : nil
    }

    /// A float literal that fits in f32 (`inf` and `nan` only when written as such).
    static func parseFloat(_ s: String) -> Float? {
        let t = s.filter { $0 != "_" }
        guard !t.isEmpty, let f = Float(t) else { return nil }
        let lower = t.lowercased()
        if f.isInfinite && !lower.contains("inf") { return nil }
        return f
    }

    /// `f32[4,256]` -> (.f32, [4, 256]); `f32[]` is one element (a 0-d array).
    static func parseAlloc(_ spec: String, name: String) throws(UsageError) -> (ElementType, [Int]) {
        let types = ElementType.allCases.map(\.name).joined(separator: ", ")
        let bad = UsageError("--alloc \(name)=\(spec): expected TYPE[DIMS] such as f32[4,256] (types: \(types))")
        guard let open = spec.firstIndex(of: "["), spec.last == "]" else { throw bad }
        guard let type = ElementType(name: String(spec[..<open])) else {
            throw UsageError("--alloc \(name)=\(spec): unknown element type '\(spec[..<open])' (types: \(types))")
        }
        let inner = spec[spec.index(after: open)..<spec.index(before: spec.endIndex)]
        var shape: [Int] = []
        if !VrunSettings.trim(inner).isEmpty {
            for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
                guard let n = Int(VrunSettings.trim(part)), n >= 0 else { throw bad }
                shape.append(n)
            }
        }
        var bytes = type.size
        for n in shape {
            let (p, overflow) = bytes.multipliedReportingOverflow(by: n)
            guard !overflow, p <= maxAllocBytes else {
                throw UsageError("--alloc \(name)=\(spec): a \(type.name) buffer of shape \(shape) is larger than the \(maxAllocBytes) bytes allowed (half the host's memory, at most 64 GiB)")
            }
            bytes = p
        }
        return (type, shape)
    }
}
