import XCTest
import NPY
import MSDA

/// The Swift reference against PyTorch's grid-sample path (Golden/README.md): output and all
/// three gradients within 1e-4 * max(1, max |ref|) per tensor, errors printed.
final class GoldenTests: XCTestCase {
    private func check(_ set: String) throws {
        let tensors = try MSDATensors.load(directory: try goldenDirectory(set), requireGradOutput: true)
        let output = MSDAReference.forward(tensors, threads: 2)
        let grads = try MSDAReference.backward(tensors, threads: 2)
        let results: [(String, [Float], [Int])] = [
            ("output.npy", output, tensors.shape.outputShape),
            ("grad_value.npy", grads.value, tensors.shape.valueShape),
            ("grad_sampling_locations.npy", grads.samplingLocations, tensors.shape.samplingLocationsShape),
            ("grad_attention_weights.npy", grads.attentionWeights, tensors.shape.attentionWeightsShape),
        ]
        for (file, ours, shape) in results {
            let reference = try goldenFloats(set, file)
            XCTAssertEqual(reference.shape, shape, "\(set)/\(file) shape")
            let (error, bound) = errorAndBound(ours, reference.values)
            print("golden \(set) \(file): max |ours - ref| = \(error) (bound \(bound))")
            XCTAssertLessThanOrEqual(error, bound, "\(set)/\(file)")
        }
    }

    func testTiny() throws { try check("tiny") }
    func testDetrDecoder() throws { try check("detr-decoder") }
    func testEncoderEdges() throws { try check("encoder-edges") }

    func testGoldenShapesLoadAsDocumented() throws {
        let tiny = try MSDATensors.load(directory: try goldenDirectory("tiny"))
        XCTAssertEqual(tiny.shape.description, "bs=2 levels=[8x8,4x4] S=80 Q=10 M=2 D=8 P=2")
        let edges = try MSDATensors.load(directory: try goldenDirectory("encoder-edges"))
        XCTAssertEqual(edges.shape.levelStart, [0, 256, 320, 336])
        XCTAssertEqual(edges.shape.queries, 340)
        XCTAssertNotNil(edges.gradOutput)
    }
}
