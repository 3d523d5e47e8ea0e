/// The version numbers written into every bytecode file.
public enum ISAVersion {
    /// Version of the instruction set (opcode numbers, operand kinds, semantics).
    public static let current: UInt16 = 1
}

/// What a kernel parameter is: a global-memory buffer (bound to a tensor) or a scalar.
public enum ParamKind: Hashable, Sendable, CustomStringConvertible {
    /// A GM buffer; the element type, if declared, is checked against bound `.npy` files.
    case gm(ElementType?)
    /// A 64-bit integer scalar.
    case i64
    /// An f32 scalar (passed as its bit pattern).
    case f32

    /// Syntax in `.param NAME, KIND`.
    public var description: String {
        switch self {
        case .gm(nil): "gm"
        case .gm(let t?): "gm.\(t.name)"
        case .i64: "i64"
        case .f32: "f32"
        }
    }

    public init?(syntax: String) {
        switch syntax {
        case "gm": self = .gm(nil)
        case "i64": self = .i64
        case "f32": self = .f32
        default:
            guard syntax.hasPrefix("gm."), let t = ElementType(name: String(syntax.dropFirst(3))) else { return nil }
            self = .gm(t)
        }
    }

    /// Byte used in bytecode: 0 gm (untyped), 1 i64, 2 f32, 0x10 | type for typed gm.
    public var byte: UInt8 {
        switch self {
        case .gm(nil): 0
        case .gm(let t?): 0x10 | t.rawValue
        case .i64: 1
        case .f32: 2
        }
    }

    public init?(byte: UInt8) {
        switch byte {
        case 0: self = .gm(nil)
        case 1: self = .i64
        case 2: self = .f32
        default:
            guard byte & 0xF0 == 0x10, let t = ElementType(rawValue: byte & 0x0F) else { return nil }
            self = .gm(t)
        }
    }
}

/// A kernel parameter declared with `.param`.
public struct ParamDecl: Hashable, Sendable {
    public var name: String
    public var kind: ParamKind
    public init(name: String, kind: ParamKind) {
        self.name = name
        self.kind = kind
    }
}

/// A named UB buffer declared with `.buffer`, laid out statically by the assembler.
public struct BufferDecl: Hashable, Sendable {
    public var name: String
    /// Byte offset in the UB.
    public var offset: UInt32
    public var size: UInt32
    public var alignment: UInt32
    public init(name: String, offset: UInt32, size: UInt32, alignment: UInt32) {
        self.name = name
        self.offset = offset
        self.size = size
        self.alignment = alignment
    }
}

/// Where an instruction came from: a file of `DebugInfo.files`, a 1-based line and column.
public struct SourceLocation: Hashable, Sendable {
    public var file: UInt16
    public var line: UInt32
    public var column: UInt16
    public init(file: UInt16, line: UInt32, column: UInt16) {
        self.file = file
        self.line = line
        self.column = column
    }
}

/// The debug table: source files and one location per instruction, so that runtime errors,
/// traces and profiles name source lines.
public struct DebugInfo: Hashable, Sendable {
    public var files: [String]
    /// Same length as the program's instructions (or empty when stripped).
    public var locations: [SourceLocation]
    public init(files: [String] = [], locations: [SourceLocation] = []) {
        self.files = files
        self.locations = locations
    }

    /// `file:line:col` of instruction `pc`, or `pc N` without debug information.
    public func describe(pc: Int) -> String {
        guard pc >= 0, pc < locations.count else { return "pc \(pc)" }
        let l = locations[pc]
        let f = Int(l.file) < files.count ? files[Int(l.file)] : "?"
        return "\(f):\(l.line):\(l.column)"
    }
}

/// An assembled kernel: what a `.vbin` file holds.
public struct Program: Hashable, Sendable {
    public var params: [ParamDecl]
    public var buffers: [BufferDecl]
    public var instructions: [Instruction]
    public var debug: DebugInfo
    /// UB bytes the program's static layout was checked against.
    public var ubSize: UInt32

    public init(params: [ParamDecl] = [], buffers: [BufferDecl] = [], instructions: [Instruction] = [],
                debug: DebugInfo = DebugInfo(), ubSize: UInt32 = MachineLimits.default.ubBytes) {
        self.params = params
        self.buffers = buffers
        self.instructions = instructions
        self.debug = debug
        self.ubSize = ubSize
    }
}

/// The sizes of the machine that the assembler and the validator need. The full machine
/// description, with the cost model, is the interpreter's `Machine`.
public struct MachineLimits: Hashable, Sendable {
    /// Unified Buffer bytes per core: 192 KB = 196608 (brief machine-910b.md, "One vector core";
    /// the runtime reports 196352 usable, the rest reserved: we model the full 192 KB).
    public var ubBytes: UInt32
    public init(ubBytes: UInt32) { self.ubBytes = ubBytes }
    public static let `default` = MachineLimits(ubBytes: 196_608)
}
