import Foundation
import XCTest
import NPY
import MSDA

/// The directory of one golden set copied into the test bundle (see Golden/README.md).
func goldenDirectory(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: "Golden", withExtension: nil) else {
        throw XCTSkip("the Golden resource folder is missing from the test bundle")
    }
    return url.appendingPathComponent(name).path
}

/// Reads one float tensor of a golden set.
func goldenFloats(_ set: String, _ file: String) throws -> (shape: [Int], values: [Float]) {
    let array = try NPY.read(path: (try goldenDirectory(set) as NSString).appendingPathComponent(file))
    return (array.shape, try array.floats())
}

/// max |ours - reference| and the brief's bound 1e-4 * max(1, max |reference|).
func errorAndBound(_ ours: [Float], _ reference: [Float]) -> (error: Double, bound: Double) {
    precondition(ours.count == reference.count)
    var error = 0.0, scale = 1.0
    for i in ours.indices {
        error = max(error, abs(Double(ours[i]) - Double(reference[i])))
        if ours[i].isNaN != reference[i].isNaN { error = .infinity }
        scale = max(scale, abs(Double(reference[i])))
    }
    return (error, 1e-4 * scale)
}

func temporaryDirectory(_ name: String = #function) throws -> String {
    let dir = NSTemporaryDirectory() + "msdatests-\(ProcessInfo.processInfo.processIdentifier)-\(name.filter(\.isLetter))-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Runs `body` and returns the MSDAError it throws (failing the test if none).
func msdaError<T>(_ body: () throws(MSDAError) -> T, file: StaticString = #filePath, line: UInt = #line) -> MSDAError? {
    do {
        _ = try body()
        XCTFail("expected an MSDAError", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// Bit patterns, so NaN and -0 compare exactly in determinism tests.
func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
