import Foundation
import XCTest
import MSDA

/// The forward and backward drivers' errors, each with its stable id: a kernel that cannot be
/// found or assembled, tensors that disagree with the shape, and shapes no plan fits. (Runtime
/// failures, `forward.runtime` / `backward.runtime`, are MemoryFootprintTests' `gm.size` cases.)
final class DriverErrorTests: XCTestCase {
    private static func tiny() throws -> MSDAWorkload { try MSDAWorkload.named("tiny") }

    func testMissingKernelNamesWhereItLooked() {
        do {
            _ = try MSDAKernels.locate("no_such_kernel.asm")
            XCTFail("found a kernel that does not exist")
        } catch {
            XCTAssertEqual(error.id, .kernelNotFound)
            XCTAssertTrue(error.message.contains("kernels/no_such_kernel.asm"), error.message)
            XCTAssertTrue(error.message.contains(MSDAKernels.environmentVariable), error.message)
        }
    }

    func testForwardKernelThatDoesNotAssemble() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = dir + "/bad_fwd.asm"
        try "    vadd.f32 r1, r2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let tensors = try Self.tiny().tensors(gradOutput: false)
        do {
            _ = try MSDAForward.run(tensors: tensors, options: MSDAForwardOptions(cores: 2, kernelPath: bad))
            XCTFail("a kernel that does not assemble ran")
        } catch {
            XCTAssertEqual(error.id, .assembly)
            // The message names the file and the -D values the driver chose, then the diagnostics.
            XCTAssertTrue(error.message.contains(bad), error.message)
            XCTAssertTrue(error.message.contains("-D "), error.message)
            XCTAssertTrue(error.message.contains("bad_fwd.asm:1:"), error.message)
        }
        // A kernel path that does not exist is an assembly error naming it too.
        do {
            _ = try MSDAForward.run(tensors: tensors, options: MSDAForwardOptions(cores: 2, kernelPath: dir + "/missing.asm"))
            XCTFail("a missing kernel ran")
        } catch {
            XCTAssertEqual(error.id, .assembly)
            XCTAssertTrue(error.message.contains("missing.asm"), error.message)
        }
    }

    func testBackwardKernelThatDoesNotAssemble() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = dir + "/bad_bwd.asm"
        try ".param\n".write(toFile: bad, atomically: true, encoding: .utf8)
        var options = MSDABackwardOptions(cores: 2)
        options.kernelPath = bad
        do {
            _ = try MSDABackward.run(tensors: try Self.tiny().tensors(), options: options)
            XCTFail("a backward kernel that does not assemble ran")
        } catch let error as MSDABackwardError {
            XCTAssertEqual(error.id, .assembly, "\(error)")
            XCTAssertTrue(error.message.contains("bad_bwd.asm"), error.message)
        }
    }

    func testForwardShapeThatDiffersFromTheTensors() throws {
        let tensors = try Self.tiny().tensors(gradOutput: false)
        let other = try MSDAShape(batch: 1, levels: [(8, 8)], queries: 10, heads: 2, channels: 8, points: 2)
        do {
            _ = try MSDAForward.run(tensors: tensors, shape: other, options: MSDAForwardOptions(cores: 2))
            XCTFail("ran with a shape that is not the tensors'")
        } catch {
            XCTAssertEqual(error.id, .input)
        }
    }

    /// A level whose two padded rows do not fit the UB: no plan exists, and the error names the
    /// level rather than failing in the kernel. 60,000 fp32 pixels per row is 240 KB a row, more
    /// than the 192 KB UB of the 910B2C (machine-910b.md) on its own.
    func testRowsTooWideForTheUBHaveNoPlan() throws {
        let shape = try MSDAShape(batch: 1, levels: [(2, 60_000)], queries: 1, heads: 1, channels: 8, points: 1)
        let workload = MSDAWorkload(name: "wide", summary: "one very wide level", shape: shape, seed: 7)
        do {
            _ = try MSDAForward.run(tensors: workload.tensors(gradOutput: false), options: MSDAForwardOptions(cores: 1))
            XCTFail("a 60000-pixel fp32 row was planned")
        } catch {
            XCTAssertEqual(error.id, .plan, "\(error)")
            XCTAssertTrue(error.message.contains("level 0"), error.message)
        }
        do {
            _ = try MSDABackward.run(tensors: workload.tensors(), options: MSDABackwardOptions(cores: 1))
            XCTFail("a 60000-pixel fp32 row was planned for the backward")
        } catch {
            // The backward runs the training forward first, so the forward's plan error surfaces.
            XCTAssertTrue(error.id == .plan || error.forward?.id == .plan, "\(error)")
        }
    }
}
