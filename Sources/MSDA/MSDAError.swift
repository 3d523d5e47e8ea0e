import NPY

/// A failure in the MSDA layer (bad shapes, inconsistent tensor files, unknown workload), as a value.
public struct MSDAError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Stable identifiers, matched by tests and printed by the tools.
    public enum ID: String, Sendable, CaseIterable {
        /// A shape parameter is out of range or the sizes overflow 64-bit arithmetic.
        case shape = "msda.shape"
        /// A tensor's shape, dtype or element count disagrees with the others.
        case tensor = "msda.tensor"
        /// A required tensor (such as grad_output for backward) is missing.
        case missing = "msda.missing"
        /// No workload has the requested name.
        case workload = "msda.workload"
        /// Reading or writing a `.npy` file failed; `underlying` holds the NPY error.
        case npy = "msda.npy"
        /// A directory could not be created.
        case io = "msda.io"
    }

    public var id: ID
    public var message: String
    /// The NPY error behind an `msda.npy` error, with its own id (`npy.size`, ...).
    public var underlying: NPYError?

    public init(_ id: ID, _ message: String, underlying: NPYError? = nil) {
        self.id = id
        self.message = message
        self.underlying = underlying
    }

    init(_ error: NPYError) {
        self.init(.npy, error.description, underlying: error)
    }

    public var description: String { "error[\(id.rawValue)]: \(message)" }
}
