import NPY

/// The inputs of one MSDA problem in PyTorch layout, as fp32 (see brief/msda.md):
/// value `[bs, S, M, D]`, sampling_locations `[bs, Q, M, L, P, 2]` with (x, y) last,
/// attention_weights `[bs, Q, M, L, P]`, and for backward grad_output `[bs, Q, M*D]`.
///
/// The initializer checks every count against `shape`, so code that holds an `MSDATensors`
/// can index without further checks.
public struct MSDATensors: Sendable {
    public let shape: MSDAShape
    public let value: [Float]
    public let samplingLocations: [Float]
    public let attentionWeights: [Float]
    public let gradOutput: [Float]?
    /// How the inputs were stored (fp32 or fp16); results are written back in the same types.
    public var storage: MSDAStorage

    public init(shape: MSDAShape, value: [Float], samplingLocations: [Float], attentionWeights: [Float],
                gradOutput: [Float]? = nil, storage: MSDAStorage = MSDAStorage()) throws(MSDAError) {
        func check(_ name: String, _ count: Int, _ expected: Int, _ dims: [Int]) throws(MSDAError) {
            guard count == expected else {
                throw MSDAError(.tensor, "\(name) has \(count) elements but shape \(dims) needs \(expected)")
            }
        }
        try check("value", value.count, shape.valueCount, shape.valueShape)
        try check("sampling_locations", samplingLocations.count, shape.samplingLocationsCount, shape.samplingLocationsShape)
        try check("attention_weights", attentionWeights.count, shape.attentionWeightsCount, shape.attentionWeightsShape)
        if let gradOutput { try check("grad_output", gradOutput.count, shape.outputCount, shape.outputShape) }
        self.shape = shape
        self.value = value
        self.samplingLocations = samplingLocations
        self.attentionWeights = attentionWeights
        self.gradOutput = gradOutput
        self.storage = storage
    }

    /// The same problem with a grad_output (for backward).
    public func with(gradOutput: [Float]) throws(MSDAError) -> MSDATensors {
        try MSDATensors(shape: shape, value: value, samplingLocations: samplingLocations,
                        attentionWeights: attentionWeights, gradOutput: gradOutput, storage: storage)
    }
}

/// Storage types of the input tensors (float32 or float16), so results go out as they came in:
/// output and grad_value like value, grad_sampling_locations like sampling_locations,
/// grad_attention_weights like attention_weights.
public struct MSDAStorage: Equatable, Sendable {
    public var value: NPYDType
    public var samplingLocations: NPYDType
    public var attentionWeights: NPYDType
    public init(value: NPYDType = .float32, samplingLocations: NPYDType = .float32, attentionWeights: NPYDType = .float32) {
        self.value = value
        self.samplingLocations = samplingLocations
        self.attentionWeights = attentionWeights
    }
    /// Inputs read as float64 are written back as float32 (the kernels do not compute in fp64).
    static func output(_ t: NPYDType) -> NPYDType { t == .float16 ? .float16 : .float32 }
}

/// The three gradients of backward, PyTorch layout, fp32.
public struct MSDAGradients: Sendable, Equatable {
    /// `[bs, S, M, D]`
    public var value: [Float]
    /// `[bs, Q, M, L, P, 2]`, (x, y) last.
    public var samplingLocations: [Float]
    /// `[bs, Q, M, L, P]`
    public var attentionWeights: [Float]

    public init(value: [Float], samplingLocations: [Float], attentionWeights: [Float]) {
        self.value = value
        self.samplingLocations = samplingLocations
        self.attentionWeights = attentionWeights
    }
}
