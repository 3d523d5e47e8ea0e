/// Constants of the `.vbin` bytecode format, documented byte for byte in docs/Bytecode.md.
public enum BytecodeFormat {
    /// "VBIN".
    public static let magic: [UInt8] = [0x56, 0x42, 0x49, 0x4E]
    /// Version of the container layout (sections and their encodings).
    public static let version: UInt16 = 1

    /// Section ids, in the order they must appear.
    public enum Section: UInt8, CaseIterable, Sendable, CustomStringConvertible {
        case params = 1
        case buffers = 2
        case code = 3
        case debug = 4

        public var description: String {
            switch self {
            case .params: "params"
            case .buffers: "buffers"
            case .code: "code"
            case .debug: "debug"
            }
        }
    }

    /// Tags of a register-or-immediate operand: 0x00-0x1f name a register.
    public static let tagImm32: UInt8 = 0x40
    public static let tagImm64: UInt8 = 0x41

    /// Header bytes before the first section: magic, format version, ISA version.
    public static let headerSize = 8
    /// Bytes of a section header: id and payload length.
    public static let sectionHeaderSize = 5
}

/// A rejected bytecode file: a stable id that tests match, a message, and the byte offset.
public struct BytecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable identifier, e.g. `bytecode.magic`.
    public let id: String
    public let message: String
    /// Byte offset in the file where the problem was found.
    public let offset: Int

    public init(_ id: String, _ message: String, offset: Int) {
        self.id = id
        self.message = message
        self.offset = offset
    }

    public var description: String { "byte \(offset): error: \(message) [\(id)]" }
}
