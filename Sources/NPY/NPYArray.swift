/// An n-dimensional array as stored in a `.npy` file: element type, shape (C order) and the
/// raw little-endian bytes.
///
/// The fields are plain public storage so callers can build arrays however they like; the
/// typed accessors (`floats()`, `int32s()`, ...) and `NPY.encode` check that `data` holds
/// exactly `product(shape) * dtype.itemSize` bytes and report `npy.size` when it does not.
///
///     let a = try NPYArray(floats: [1, 2, 3, 4, 5, 6], shape: [2, 3])    // float32
///     try NPY.write(a, path: "a.npy")
///     let back = try NPY.read(path: "a.npy").floats()              // [1, 2, 3, 4, 5, 6]
public struct NPYArray: Equatable, Sendable {
    public var dtype: NPYDType
    public var shape: [Int]
    public var data: [UInt8]

    public init(dtype: NPYDType, shape: [Int], data: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// An array of zeros.
    public init(zeros dtype: NPYDType, shape: [Int]) throws(NPYError) {
        let count = try NPYArray.checkedCount(shape, file: "<array>")
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow else { throw NPYError(.shape, file: "<array>", "shape \(shape) of \(dtype) overflows the address space") }
        self.init(dtype: dtype, shape: shape, data: [UInt8](repeating: 0, count: bytes))
    }

    /// Floats stored as `dtype` (float32 by default; float16 rounds to nearest even).
    public init(floats values: [Float], shape: [Int], dtype: NPYDType = .float32) throws(NPYError) {
        try self.init(zeros: dtype, shape: shape)
        try setFloats(values)
    }

    /// 32-bit integers stored as `dtype` (int32 by default).
    public init(int32s values: [Int32], shape: [Int], dtype: NPYDType = .int32) throws(NPYError) {
        try self.init(zeros: dtype, shape: shape)
        try setInt64s(values.map(Int64.init))
    }

    /// 64-bit integers stored as `dtype` (int64 by default).
    public init(int64s values: [Int64], shape: [Int], dtype: NPYDType = .int64) throws(NPYError) {
        try self.init(zeros: dtype, shape: shape)
        try setInt64s(values)
    }

    /// The number of elements, `product(shape)`; 0 if the shape is invalid.
    public var count: Int { NPYHeader.elementCount(shape) ?? 0 }

    /// Checks shape and data length; `file` names the source in the error.
    public func validate(file: String = "<array>") throws(NPYError) {
        let count = try NPYArray.checkedCount(shape, file: file)
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow else { throw NPYError(.shape, file: file, "shape \(shape) of \(dtype) overflows the address space") }
        guard bytes == data.count else {
            throw NPYError(.size, file: file,
                "shape \(shape) of \(dtype) needs \(bytes) bytes of data but the array holds \(data.count)")
        }
    }

    static func checkedCount(_ shape: [Int], file: String) throws(NPYError) -> Int {
        if let axis = shape.firstIndex(where: { $0 < 0 }) {
            throw NPYError(.shape, file: file, "shape axis \(axis) is negative (\(shape[axis]))")
        }
        guard let count = NPYHeader.elementCount(shape) else {
            throw NPYError(.shape, file: file, "shape \(shape) has more elements than fit in 64 bits")
        }
        return count
    }
}
