/// A failure to read, parse, convert or write a `.npy` file, as a value.
///
/// Every error carries a stable `id` (for example `npy.magic`) that tests and tools match
/// on, the name of the file it concerns (or `<bytes>` when decoding memory), and a message
/// written for a person. Nothing in this module traps on bad input: it returns one of these.
public struct NPYError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Stable identifiers. The raw values are part of the command-line contract.
    public enum ID: String, Sendable, CaseIterable {
        /// The file could not be opened, read or written.
        case io = "npy.io"
        /// The first six bytes are not `\x93NUMPY`, or the file is shorter than the preamble.
        case magic = "npy.magic"
        /// The format version is not 1.0, 2.0 or 3.0.
        case version = "npy.version"
        /// The header length runs past the end of the file, or the header dictionary is malformed.
        case header = "npy.header"
        /// The `descr` names a dtype this module does not handle (or a structured dtype).
        case dtype = "npy.dtype"
        /// The dtype is big-endian: only little-endian data is accepted.
        case endian = "npy.endian"
        /// `fortran_order` is not `True` or `False`.
        case order = "npy.order"
        /// The shape has a negative dimension, or its element count or byte size overflows.
        case shape = "npy.shape"
        /// The data length in the file differs from `product(shape) * itemsize`.
        case size = "npy.size"
        /// A value cannot be converted to the requested element type (range, NaN, integer from float).
        case convert = "npy.convert"
    }

    public var id: ID
    /// The file the error concerns; `<bytes>` when decoding bytes with no name.
    public var file: String
    public var message: String

    public init(_ id: ID, file: String, _ message: String) {
        self.id = id
        self.file = file
        self.message = message
    }

    /// `file: error[npy.id]: message`, the form the command-line tools print.
    public var description: String { "\(file): error[\(id.rawValue)]: \(message)" }
}
