import Dispatch

/// The Swift reference for MSDA forward and backward: the formulas of brief/msda.md in fp32,
/// written for clarity first and speed second, against which the kernels are checked.
///
/// Determinism. The work is split into independent tasks, one per (batch, head) pair; each
/// task owns disjoint slices of every result (`output[b, :, m*D ..< (m+1)*D]`,
/// `grad_value[b, :, m, :]`, and the (b, :, m) rows of the other gradients) and visits its
/// samples in the fixed order q, level, point, corner 1...4, channel. So every element of
/// every result, including the scatter-added grad_value, is accumulated in the same order
/// whatever the number of threads, and results are bit-identical for any `threads` value.
/// (The d_k dot products over channels use eight fixed partial sums; see `dot`.)
public enum MSDAReference {
    /// Forward: `output[b, q, m*D + c] = sum over l, p of a * bilinear(value, loc)`, `[bs, Q, M*D]`.
    public static func forward(_ tensors: MSDATensors, threads: Int = 1) -> [Float] {
        let shape = tensors.shape
        var output = [Float](repeating: 0, count: shape.outputCount)
        tensors.value.withUnsafeBufferPointer { value in
            tensors.samplingLocations.withUnsafeBufferPointer { locations in
                tensors.attentionWeights.withUnsafeBufferPointer { weights in
                    output.withUnsafeMutableBufferPointer { out in
                        let context = Context(shape: shape, value: value.baseAddress!, locations: locations.baseAddress!,
                                              weights: weights.baseAddress!)
                        let result = SendablePointer(out.baseAddress!)
                        runTasks(count: shape.batch * shape.heads, threads: threads) { task in
                            forwardTask(task, context, result.pointer)
                        }
                    }
                }
            }
        }
        return output
    }

    /// Backward: grad_value, grad_sampling_locations and grad_attention_weights for the
    /// grad_output in `tensors` (an `msda.missing` error if it has none).
    public static func backward(_ tensors: MSDATensors, threads: Int = 1) throws(MSDAError) -> MSDAGradients {
        guard let gradOutput = tensors.gradOutput else {
            throw MSDAError(.missing, "backward needs grad_output")
        }
        let shape = tensors.shape
        var grads = MSDAGradients(value: [Float](repeating: 0, count: shape.valueCount),
                                  samplingLocations: [Float](repeating: 0, count: shape.samplingLocationsCount),
                                  attentionWeights: [Float](repeating: 0, count: shape.attentionWeightsCount))
        tensors.value.withUnsafeBufferPointer { value in
            tensors.samplingLocations.withUnsafeBufferPointer { locations in
                tensors.attentionWeights.withUnsafeBufferPointer { weights in
                    gradOutput.withUnsafeBufferPointer { gradOut in
                        grads.value.withUnsafeMutableBufferPointer { gv in
                            grads.samplingLocations.withUnsafeMutableBufferPointer { gl in
                                grads.attentionWeights.withUnsafeMutableBufferPointer { ga in
                                    let context = Context(shape: shape, value: value.baseAddress!, locations: locations.baseAddress!,
                                                          weights: weights.baseAddress!)
                                    let g = SendablePointer(UnsafeMutablePointer(mutating: gradOut.baseAddress!))
                                    let targets = (SendablePointer(gv.baseAddress!), SendablePointer(gl.baseAddress!), SendablePointer(ga.baseAddress!))
                                    runTasks(count: shape.batch * shape.heads, threads: threads) { task in
                                        backwardTask(task, context, g.pointer, targets.0.pointer, targets.1.pointer, targets.2.pointer)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return grads
    }

    // MARK: - Tasks

    /// Read-only inputs shared by all tasks.
    struct Context: @unchecked Sendable {
        let shape: MSDAShape
        let value: UnsafePointer<Float>
        let locations: UnsafePointer<Float>
        let weights: UnsafePointer<Float>
    }

    /// A pointer handed to worker threads; tasks write disjoint ranges through it.
    struct SendablePointer: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Float>
        init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
    }

    /// Runs tasks 0..<count on up to `threads` threads; thread t takes tasks t, t+T, ...
    /// Which thread runs a task never changes what the task computes.
    static func runTasks(count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for task in 0..<count { body(task) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var task = worker
            while task < count {
                body(task)
                task += workers
            }
        }
    }

    /// Index of sample (b, q, m, l=0, p=0) in attention_weights; its (x, y) are at twice that in sampling_locations.
    @inline(__always)
    static func sampleIndex(_ s: MSDAShape, b: Int, q: Int, m: Int) -> Int {
        ((b * s.queries + q) * s.heads + m) * s.samplesPerHead
    }

    static func forwardTask(_ task: Int, _ c: Context, _ output: UnsafeMutablePointer<Float>) {
        let s = c.shape
        let b = task / s.heads, m = task % s.heads
        let D = s.channels, M = s.heads
        let zeros = [Float](repeating: 0, count: D)
        zeros.withUnsafeBufferPointer { zeroBuffer in
            let zero = zeroBuffer.baseAddress!
            let valueBase = c.value + b * s.keys * M * D + m * D
            @inline(__always) func row(_ key: Int) -> UnsafePointer<Float> {
                key < 0 ? zero : valueBase + key * M * D
            }
            for q in 0..<s.queries {
                let out = output + ((b * s.queries + q) * M + m) * D
                var i = sampleIndex(s, b: b, q: q, m: m)
                for l in 0..<s.levelCount {
                    let level = s.levels[l], start = s.levelStart[l]
                    for _ in 0..<s.points {
                        let sample = BilinearSample(x: c.locations[2 * i], y: c.locations[2 * i + 1],
                                                    height: level.height, width: level.width, levelStart: start)
                        let a = c.weights[i]
                        i += 1
                        guard sample.valid else { continue }
                        let v1 = row(sample.k1), v2 = row(sample.k2), v3 = row(sample.k3), v4 = row(sample.k4)
                        let (w1, w2, w3, w4) = (sample.w1, sample.w2, sample.w3, sample.w4)
                        for ch in 0..<D {
                            out[ch] += a * (w1 * v1[ch] + w2 * v2[ch] + w3 * v3[ch] + w4 * v4[ch])
                        }
                    }
                }
            }
        }
    }

    static func backwardTask(_ task: Int, _ c: Context, _ gradOutput: UnsafeMutablePointer<Float>,
                             _ gradValue: UnsafeMutablePointer<Float>, _ gradLocations: UnsafeMutablePointer<Float>,
                             _ gradWeights: UnsafeMutablePointer<Float>) {
        let s = c.shape
        let b = task / s.heads, m = task % s.heads
        let D = s.channels, M = s.heads
        let zeros = [Float](repeating: 0, count: D)
        zeros.withUnsafeBufferPointer { zeroBuffer in
            let zero = zeroBuffer.baseAddress!
            let valueBase = c.value + b * s.keys * M * D + m * D
            let gradValueBase = gradValue + b * s.keys * M * D + m * D
            @inline(__always) func row(_ key: Int) -> UnsafePointer<Float> {
                key < 0 ? zero : valueBase + key * M * D
            }
            /// Eight partial sums (lane j takes channels j, j+8, ...; D is a multiple of 8), then
            /// a pairwise tree: a fixed order (so deterministic on every host), like a vector core's reduction.
            @inline(__always) func dot(_ g: UnsafePointer<Float>, _ v: UnsafePointer<Float>) -> Float {
                var sum = SIMD8<Float>()
                var ch = 0
                while ch < D {
                    let gv = UnsafeRawPointer(g + ch).loadUnaligned(as: SIMD8<Float>.self)
                    let vv = UnsafeRawPointer(v + ch).loadUnaligned(as: SIMD8<Float>.self)
                    sum += gv * vv
                    ch += 8
                }
                return ((sum[0] + sum[1]) + (sum[2] + sum[3])) + ((sum[4] + sum[5]) + (sum[6] + sum[7]))
            }
            @inline(__always) func scatter(_ key: Int, _ weight: Float, _ g: UnsafePointer<Float>) {
                guard key >= 0 else { return }
                let target = gradValueBase + key * M * D
                for ch in 0..<D { target[ch] += weight * g[ch] }
            }
            for q in 0..<s.queries {
                let g = UnsafePointer(gradOutput + ((b * s.queries + q) * M + m) * D)
                var i = sampleIndex(s, b: b, q: q, m: m)
                for l in 0..<s.levelCount {
                    let level = s.levels[l], start = s.levelStart[l]
                    let H = Float(level.height), W = Float(level.width)
                    for _ in 0..<s.points {
                        let sample = BilinearSample(x: c.locations[2 * i], y: c.locations[2 * i + 1],
                                                    height: level.height, width: level.width, levelStart: start)
                        let a = c.weights[i]
                        defer { i += 1 }
                        guard sample.valid else { continue }
                        let d1 = dot(g, row(sample.k1)), d2 = dot(g, row(sample.k2))
                        let d3 = dot(g, row(sample.k3)), d4 = dot(g, row(sample.k4))
                        let (hh, lh, hw, lw) = (sample.hh, sample.lh, sample.hw, sample.lw)
                        gradLocations[2 * i] = W * a * (hh * (d2 - d1) + lh * (d4 - d3))
                        gradLocations[2 * i + 1] = H * a * (hw * (d3 - d1) + lw * (d4 - d2))
                        gradWeights[i] = sample.w1 * d1 + sample.w2 * d2 + sample.w3 * d3 + sample.w4 * d4
                        scatter(sample.k1, sample.w1 * a, g)
                        scatter(sample.k2, sample.w2 * a, g)
                        scatter(sample.k3, sample.w3 * a, g)
                        scatter(sample.k4, sample.w4 * a, g)
                    }
                }
            }
        }
    }
}
