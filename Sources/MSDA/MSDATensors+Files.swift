import Foundation
import NPY

/// Loading and saving the tensors as `.npy` files with the golden file names
/// (see shared/golden/README.md and brief/product.md).
///
/// Loading derives every size from the files themselves (L from spatial_shapes.npy, bs, S, M,
/// D from value.npy, Q and P from sampling_locations.npy) and then cross-checks each axis, so
/// a mismatch is reported as "file: axis k (NAME) is X but OTHER says Y" rather than as a
/// wrong answer or a crash later.
extension MSDATensors {
    public enum FileName {
        public static let value = "value.npy"
        public static let spatialShapes = "spatial_shapes.npy"
        public static let samplingLocations = "sampling_locations.npy"
        public static let attentionWeights = "attention_weights.npy"
        public static let gradOutput = "grad_output.npy"
        public static let output = "output.npy"
        public static let gradValue = "grad_value.npy"
        public static let gradSamplingLocations = "grad_sampling_locations.npy"
        public static let gradAttentionWeights = "grad_attention_weights.npy"
    }

    /// Loads the inputs from `directory`. grad_output.npy is loaded when present
    /// (`requireGradOutput` makes its absence an `msda.missing` error).
    public static func load(directory: String, requireGradOutput: Bool = false) throws(MSDAError) -> MSDATensors {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        func read(_ name: String) throws(MSDAError) -> NPYArray {
            do { return try NPY.read(path: path(name)) } catch { throw MSDAError(error) }
        }
        func floats(_ array: NPYArray, _ name: String) throws(MSDAError) -> [Float] {
            guard array.dtype.isFloatingPoint else {
                throw MSDAError(.tensor, "\(path(name)): dtype is \(array.dtype); expected float32 or float16")
            }
            do { return try array.floats() } catch { throw MSDAError(error) }
        }
        func rank(_ array: NPYArray, _ name: String, _ expected: Int, _ layout: String) throws(MSDAError) {
            guard array.shape.count == expected else {
                throw MSDAError(.tensor, "\(path(name)): shape \(array.shape) has \(array.shape.count) axes; expected \(expected) \(layout)")
            }
        }
        /// Axis `axis` (called `label`) of `name` must equal `expected`, which `source` says.
        func axis(_ array: NPYArray, _ name: String, _ axis: Int, _ label: String, _ expected: Int, _ source: String) throws(MSDAError) {
            guard array.shape[axis] == expected else {
                throw MSDAError(.tensor, "\(path(name)): axis \(axis) (\(label)) is \(array.shape[axis]) but \(source) says \(expected)")
            }
        }

        let shapes = try read(FileName.spatialShapes)
        try rank(shapes, FileName.spatialShapes, 2, "[L, 2]")
        try axis(shapes, FileName.spatialShapes, 1, "(H, W)", 2, "the format")
        guard !shapes.dtype.isFloatingPoint else {
            throw MSDAError(.tensor, "\(path(FileName.spatialShapes)): dtype is \(shapes.dtype); expected int32 or int64")
        }
        let hw: [Int64]
        do { hw = try shapes.int64s() } catch { throw MSDAError(error) }
        var levels: [MSDAShape.Level] = []
        for l in 0..<shapes.shape[0] {
            guard let h = Int(exactly: hw[2 * l]), let w = Int(exactly: hw[2 * l + 1]) else {
                throw MSDAError(.tensor, "\(path(FileName.spatialShapes)): level \(l) size does not fit in Int")
            }
            levels.append(.init(height: h, width: w))
        }
        let L = levels.count

        let value = try read(FileName.value)
        try rank(value, FileName.value, 4, "[bs, S, M, D]")
        let (bs, M, D) = (value.shape[0], value.shape[2], value.shape[3])
        let locations = try read(FileName.samplingLocations)
        try rank(locations, FileName.samplingLocations, 6, "[bs, Q, M, L, P, 2]")
        let (Q, P) = (locations.shape[1], locations.shape[4])

        let shape: MSDAShape
        do {
            shape = try MSDAShape(batch: bs, levels: levels, queries: Q, heads: M, channels: D, points: P)
        } catch {
            throw MSDAError(.shape, "\(directory): \(error.message)")
        }
        try axis(value, FileName.value, 1, "S", shape.keys, "\(FileName.spatialShapes) (sum of H*W)")
        try axis(locations, FileName.samplingLocations, 0, "bs", bs, FileName.value)
        try axis(locations, FileName.samplingLocations, 2, "M", M, FileName.value)
        try axis(locations, FileName.samplingLocations, 3, "L", L, FileName.spatialShapes)
        try axis(locations, FileName.samplingLocations, 5, "(x, y)", 2, "the format")

        let weights = try read(FileName.attentionWeights)
        try rank(weights, FileName.attentionWeights, 5, "[bs, Q, M, L, P]")
        try axis(weights, FileName.attentionWeights, 0, "bs", bs, FileName.value)
        try axis(weights, FileName.attentionWeights, 1, "Q", Q, FileName.samplingLocations)
        try axis(weights, FileName.attentionWeights, 2, "M", M, FileName.value)
        try axis(weights, FileName.attentionWeights, 3, "L", L, FileName.spatialShapes)
        try axis(weights, FileName.attentionWeights, 4, "P", P, FileName.samplingLocations)

        var gradOutput: [Float]?
        if FileManager.default.fileExists(atPath: path(FileName.gradOutput)) {
            let g = try read(FileName.gradOutput)
            try rank(g, FileName.gradOutput, 3, "[bs, Q, M*D]")
            try axis(g, FileName.gradOutput, 0, "bs", bs, FileName.value)
            try axis(g, FileName.gradOutput, 1, "Q", Q, FileName.samplingLocations)
            try axis(g, FileName.gradOutput, 2, "M*D", M * D, FileName.value)
            gradOutput = try floats(g, FileName.gradOutput)
        } else if requireGradOutput {
            throw MSDAError(.missing, "\(path(FileName.gradOutput)): backward needs grad_output and the file does not exist")
        }

        let storage = MSDAStorage(value: value.dtype, samplingLocations: locations.dtype, attentionWeights: weights.dtype)
        return try MSDATensors(shape: shape,
                               value: try floats(value, FileName.value),
                               samplingLocations: try floats(locations, FileName.samplingLocations),
                               attentionWeights: try floats(weights, FileName.attentionWeights),
                               gradOutput: gradOutput, storage: storage)
    }

    /// Writes the inputs (and grad_output when present) in their storage types, with
    /// spatial_shapes as int64 as PyTorch keeps it; creates the directory if needed.
    public func writeInputs(to directory: String) throws(MSDAError) {
        try Self.makeDirectory(directory)
        let hw = shape.levels.flatMap { [Int64($0.height), Int64($0.width)] }
        try Self.write(hw, shape.spatialShapesShape, FileName.spatialShapes, directory)
        try Self.write(value, shape.valueShape, storage.value, FileName.value, directory)
        try Self.write(samplingLocations, shape.samplingLocationsShape, storage.samplingLocations, FileName.samplingLocations, directory)
        try Self.write(attentionWeights, shape.attentionWeightsShape, storage.attentionWeights, FileName.attentionWeights, directory)
        if let gradOutput {
            try Self.write(gradOutput, shape.outputShape, MSDAStorage.output(storage.value), FileName.gradOutput, directory)
        }
    }

    /// Writes output.npy `[bs, Q, M*D]` in value's storage type.
    public func write(output: [Float], to directory: String) throws(MSDAError) {
        try Self.makeDirectory(directory)
        try Self.write(output, shape.outputShape, MSDAStorage.output(storage.value), FileName.output, directory)
    }

    /// Writes grad_value.npy, grad_sampling_locations.npy and grad_attention_weights.npy,
    /// each in the storage type of its input.
    public func write(gradients: MSDAGradients, to directory: String) throws(MSDAError) {
        try Self.makeDirectory(directory)
        try Self.write(gradients.value, shape.valueShape, MSDAStorage.output(storage.value), FileName.gradValue, directory)
        try Self.write(gradients.samplingLocations, shape.samplingLocationsShape,
                       MSDAStorage.output(storage.samplingLocations), FileName.gradSamplingLocations, directory)
        try Self.write(gradients.attentionWeights, shape.attentionWeightsShape,
                       MSDAStorage.output(storage.attentionWeights), FileName.gradAttentionWeights, directory)
    }

    static func makeDirectory(_ directory: String) throws(MSDAError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw MSDAError(.io, "\(directory): cannot create directory: \(error.localizedDescription)")
        }
    }

    static func write(_ values: [Float], _ dims: [Int], _ dtype: NPYDType, _ name: String, _ directory: String) throws(MSDAError) {
        let path = (directory as NSString).appendingPathComponent(name)
        do {
            try NPY.write(try NPYArray(floats: values, shape: dims, dtype: dtype), path: path)
        } catch {
            throw MSDAError(NPYError(error.id, file: path, error.message))
        }
    }

    static func write(_ values: [Int64], _ dims: [Int], _ name: String, _ directory: String) throws(MSDAError) {
        let path = (directory as NSString).appendingPathComponent(name)
        do {
            try NPY.write(try NPYArray(int64s: values, shape: dims), path: path)
        } catch {
            throw MSDAError(NPYError(error.id, file: path, error.message))
        }
    }
}
