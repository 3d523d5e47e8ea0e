import Foundation
import XCTest

/// Shared pieces of the `vrun msda` tests: the golden tensors that MSDATests keeps (PyTorch
/// outputs made outside this project; see Tests/MSDATests/Golden/README.md), copies of them to
/// damage, and comparisons done with the tests' own `.npy` reader (`TestNPY`), never with the
/// NPY module the command itself uses.
class MsdaTestCase: VrunTestCase {
    /// Tests/MSDATests/Golden, found from this file (Tests/CommandsTests/MsdaTestSupport.swift).
    static let golden: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.appendingPathComponent("MSDATests/Golden").path
    }()

    static func golden(_ set: String, _ file: String) -> String { golden + "/" + set + "/" + file }

    static func readGolden(_ set: String, _ file: String) throws -> TestNPY.Array {
        let data = try XCTUnwrap(FileManager.default.contents(atPath: golden(set, file)), "missing golden \(set)/\(file)")
        return try XCTUnwrap(TestNPY.decode([UInt8](data)), "golden \(set)/\(file) is not a .npy file")
    }

    /// Copies the input files of golden set `set` into `name` under the test's directory,
    /// leaving out `except`; returns the directory.
    @discardableResult
    func copyGolden(_ set: String, to name: String, except: Set<String> = []) throws -> String {
        let target = path(name)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for f in ["value.npy", "spatial_shapes.npy", "sampling_locations.npy", "attention_weights.npy", "grad_output.npy"]
        where !except.contains(f) {
            try FileManager.default.copyItem(atPath: Self.golden(set, f), toPath: target + "/" + f)
        }
        return target
    }

    /// max |a - b| over elements; infinite for different counts or any NaN.
    static func maxError(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count else { return .infinity }
        var m = 0.0
        for (x, y) in zip(a, b) {
            let e = abs(Double(x) - Double(y))
            if e.isNaN { return .infinity }
            m = max(m, e)
        }
        return m
    }

    static func maxAbs(_ a: [Float]) -> Double { a.reduce(0.0) { max($0, abs(Double($1))) } }

    /// IEEE binary16 little-endian bytes to Float (normal, subnormal, inf, NaN), written out so
    /// the test does not depend on the platform's Float16.
    static func halves(_ data: [UInt8]) -> [Float] {
        stride(from: 0, to: data.count - 1, by: 2).map { i in
            let h = UInt32(data[i]) | UInt32(data[i + 1]) << 8
            let sign: Float = h & 0x8000 != 0 ? -1 : 1
            let e = Int((h >> 10) & 0x1F), f = Float(h & 0x3FF)
            if e == 0 { return sign * f * 0x1p-24 }
            if e == 31 { return f == 0 ? sign * .infinity : .nan }
            return sign * (1 + f / 1024) * Float(sign: .plus, exponent: e - 15, significand: 1)
        }
    }
}
