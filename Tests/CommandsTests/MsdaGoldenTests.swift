import Foundation
import XCTest

/// `vrun msda fwd --in DIR --out DIR` on the three PyTorch golden sets: the written output.npy,
/// read back with the tests' own reader, must match the golden output.npy within the brief's
/// fp32 tolerance, 1e-4 * max(1, max |golden|).
final class MsdaGoldenTests: MsdaTestCase {
    /// Runs the forward on `input` and compares `out/output.npy` with golden set `set`.
    private func checkAgainstGolden(_ set: String, input: String? = nil, cores: Int = 8,
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        let r = run(["msda", "fwd", "--in", input ?? Self.golden + "/" + set, "--out", path("out"),
                     "--cores", "\(cores)", "--threads", "2", "--check", "--json"])
        XCTAssertEqual(r.code, 0, r.err, file: file, line: line)
        let expected = try Self.readGolden(set, "output.npy")
        let ours = try XCTUnwrap(readNPY("out/output.npy", file: file, line: line), file: file, line: line)
        XCTAssertEqual(ours.descr, "<f4", "fp32 inputs give an fp32 output", file: file, line: line)
        XCTAssertEqual(ours.shape, expected.shape, file: file, line: line)
        let limit = 1e-4 * max(1, Self.maxAbs(expected.floats))
        let error = Self.maxError(ours.floats, expected.floats)
        XCTAssertLessThanOrEqual(error, limit, "\(set): max |ours - golden|", file: file, line: line)
        // The command's own check compared with its reference: it must agree that this passed,
        // and its limit is the brief's rule (the reference's max |ref| is the golden one's to 1e-4).
        let check = (jsonObject(r.out)["check"] as? [String: Any])?["output"] as? [String: Any]
        XCTAssertEqual(check?["ok"] as? Bool, true, file: file, line: line)
        XCTAssertEqual(check?["limit"] as? Double ?? 0, limit, accuracy: 1e-8 * max(1, limit * 1e4), file: file, line: line)
    }

    func testTiny() throws { try checkAgainstGolden("tiny", cores: 2) }

    func testDetrDecoder() throws { try checkAgainstGolden("detr-decoder") }

    func testEncoderEdges() throws { try checkAgainstGolden("encoder-edges") }

    /// PyTorch keeps spatial_shapes as int64 (the golden files have int32): both must load.
    func testInt64SpatialShapes() throws {
        let dir = try copyGolden("tiny", to: "in64", except: ["spatial_shapes.npy"])
        let shapes = try Self.readGolden("tiny", "spatial_shapes.npy")
        XCTAssertEqual(shapes.descr, "<i4")
        let hw: [Int64] = stride(from: 0, to: shapes.data.count, by: 4).map { i in
            Int64(Int32(bitPattern: UInt32(shapes.data[i]) | UInt32(shapes.data[i + 1]) << 8
                        | UInt32(shapes.data[i + 2]) << 16 | UInt32(shapes.data[i + 3]) << 24))
        }
        XCTAssertEqual(hw, [8, 8, 4, 4])
        writeNPY("in64/spatial_shapes.npy", descr: "<i8", shape: shapes.shape,
                 data: hw.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
        try checkAgainstGolden("tiny", input: dir, cores: 2)
    }

    /// fp16 storage: the output file is float16 and, against the golden fp32 output (computed
    /// from unrounded inputs), within what fp16 rounding explains. With V = max |value|, the
    /// attention weights of a head summing to 1 and u = 2^-11 (half an fp16 ulp, relative):
    /// rounding value moves the output by <= u V, rounding the weights by <= u V, rounding the
    /// output by <= u V; locations in (-2, 2) move by <= u, i.e. <= 8u pixels on these 8x8 maps,
    /// and the bilinear sample has slope <= 2V per pixel in each of x and y: <= 32 u V.
    /// So |ours - golden| <= 35 u V (~0.07 here; errors of a wrong layout are of order V).
    func testHalfStorage() throws {
        let r = run(["msda", "fwd", "--in", Self.golden + "/tiny", "--dtype", "f16", "--out", path("out"),
                     "--cores", "2", "--check", "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        let j = jsonObject(r.out)
        XCTAssertEqual(j["dtype"] as? String, "f16")
        XCTAssertEqual(((j["check"] as? [String: Any])?["output"] as? [String: Any])?["ok"] as? Bool, true)
        let expected = try Self.readGolden("tiny", "output.npy")
        let locations = try Self.readGolden("tiny", "sampling_locations.npy").floats
        XCTAssertLessThan(Self.maxAbs(locations), 2, "the bound assumes locations in (-2, 2)")
        let v = Self.maxAbs(try Self.readGolden("tiny", "value.npy").floats)
        let ours = try XCTUnwrap(readNPY("out/output.npy"))
        XCTAssertEqual(ours.descr, "<f2")
        XCTAssertEqual(ours.shape, expected.shape)
        XCTAssertLessThanOrEqual(Self.maxError(Self.halves(ours.data), expected.floats), 35 * 0x1p-11 * v)
    }
}
