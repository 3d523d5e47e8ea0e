import Foundation
import XCTest
import NPY
import MSDA

/// Loading tensors from directories: consistency errors name the file, the axis and both sizes.
final class TensorFileTests: XCTestCase {
    /// A scratch copy of the tiny golden inputs that a test may damage.
    private func tinyCopy() throws -> String {
        let dir = try temporaryDirectory()
        let source = try goldenDirectory("tiny")
        for name in ["value.npy", "spatial_shapes.npy", "sampling_locations.npy", "attention_weights.npy", "grad_output.npy"] {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: dir + "/" + name)
        }
        return dir
    }

    private func load(_ dir: String) -> MSDAError? {
        msdaError { () throws(MSDAError) in try MSDATensors.load(directory: dir, requireGradOutput: true) }
    }

    func testWrongAxisNamesFileAxisAndBothSizes() throws {
        let dir = try tinyCopy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // tiny has P = 2; write attention weights with P = 3.
        try NPY.write(try NPYArray(zeros: .float32, shape: [2, 10, 2, 2, 3]), path: dir + "/attention_weights.npy")
        let e = load(dir)
        XCTAssertEqual(e?.id, .tensor)
        let message = e?.message ?? ""
        XCTAssertTrue(message.contains("attention_weights.npy"), message)
        XCTAssertTrue(message.contains("axis 4 (P) is 3"), message)
        XCTAssertTrue(message.contains("sampling_locations.npy says 2"), message)
    }

    func testValueKeysMustMatchSpatialShapes() throws {
        let dir = try tinyCopy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try NPY.write(try NPYArray(int64s: [8, 8, 4, 5], shape: [2, 2]), path: dir + "/spatial_shapes.npy")  // S = 84, not 80
        let message = load(dir)?.message ?? ""
        XCTAssertTrue(message.contains("value.npy: axis 1 (S) is 80"), message)
        XCTAssertTrue(message.contains("84"), message)
    }

    func testOtherInconsistencies() throws {
        let dir = try tinyCopy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try NPY.write(try NPYArray(zeros: .float32, shape: [2, 10, 15]), path: dir + "/grad_output.npy")
        XCTAssertTrue(load(dir)?.message.contains("grad_output.npy: axis 2 (M*D) is 15 but value.npy says 16") ?? false)
        try FileManager.default.removeItem(atPath: dir + "/grad_output.npy")
        XCTAssertEqual(load(dir)?.id, .missing)
        XCTAssertNoThrow(try MSDATensors.load(directory: dir))           // optional by default
        try NPY.write(try NPYArray(zeros: .float32, shape: [2, 2]), path: dir + "/spatial_shapes.npy")
        XCTAssertTrue(load(dir)?.message.contains("expected int32 or int64") ?? false)
        try NPY.write(try NPYArray(int32s: [8, 8, 4, 4], shape: [4]), path: dir + "/spatial_shapes.npy")
        XCTAssertTrue(load(dir)?.message.contains("spatial_shapes.npy: shape [4] has 1 axes") ?? false)
        try NPY.write(try NPYArray(int32s: [8, 8, 4, 0], shape: [2, 2]), path: dir + "/spatial_shapes.npy")
        XCTAssertEqual(load(dir)?.id, .shape)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir + "/spatial_shapes.npy"))
        let npy = load(dir)
        XCTAssertEqual(npy?.id, .npy)
        XCTAssertEqual(npy?.underlying?.id, .magic)
        XCTAssertTrue(npy?.message.contains(dir + "/spatial_shapes.npy") ?? false)
    }

    func testWriteAndReloadKeepsValuesAndStorageTypes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tensors = try MSDATensors.load(directory: try goldenDirectory("tiny"))
        try tensors.writeInputs(to: dir + "/in")
        let back = try MSDATensors.load(directory: dir + "/in")
        XCTAssertEqual(back.shape, tensors.shape)
        XCTAssertEqual(bits(back.value), bits(tensors.value))
        XCTAssertEqual(bits(back.samplingLocations), bits(tensors.samplingLocations))
        XCTAssertEqual(bits(back.attentionWeights), bits(tensors.attentionWeights))
        XCTAssertEqual(back.gradOutput.map(bits), tensors.gradOutput.map(bits))
        XCTAssertEqual(try NPY.readHeader(path: dir + "/in/spatial_shapes.npy").dtype, .int64)

        // fp16 inputs: outputs and grad_value are written as fp16 too.
        var half = tensors
        half.storage = MSDAStorage(value: .float16)
        try half.writeInputs(to: dir + "/half")
        let reloaded = try MSDATensors.load(directory: dir + "/half")
        XCTAssertEqual(reloaded.storage.value, .float16)
        XCTAssertEqual(reloaded.value, tensors.value.map(Half.round))
        try reloaded.write(output: MSDAReference.forward(reloaded), to: dir + "/out")
        try reloaded.write(gradients: try MSDAReference.backward(reloaded), to: dir + "/out")
        XCTAssertEqual(try NPY.readHeader(path: dir + "/out/output.npy"), NPYHeader(dtype: .float16, shape: [2, 10, 16]))
        XCTAssertEqual(try NPY.readHeader(path: dir + "/out/grad_value.npy"), NPYHeader(dtype: .float16, shape: [2, 80, 2, 8]))
        XCTAssertEqual(try NPY.readHeader(path: dir + "/out/grad_sampling_locations.npy").dtype, .float32)
        XCTAssertEqual(try NPY.readHeader(path: dir + "/out/grad_attention_weights.npy").shape, [2, 10, 2, 2, 2])
    }

    func testCountsAreCheckedOnConstruction() throws {
        let shape = try MSDAShape(batch: 1, levels: [(2, 2)], queries: 1, heads: 1, channels: 8, points: 1)
        let e = msdaError { () throws(MSDAError) in
            try MSDATensors(shape: shape, value: [Float](repeating: 0, count: 31), samplingLocations: [0, 0], attentionWeights: [1])
        }
        XCTAssertEqual(e?.id, .tensor)
        XCTAssertTrue(e?.message.contains("value has 31 elements but shape [1, 4, 1, 8] needs 32") ?? false)
        let noGrad = try MSDATensors(shape: shape, value: [Float](repeating: 0, count: 32), samplingLocations: [0, 0], attentionWeights: [1])
        XCTAssertEqual(msdaError { () throws(MSDAError) in try MSDAReference.backward(noGrad) }?.id, .missing)
    }
}
