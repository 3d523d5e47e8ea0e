import Foundation

/// Finds the kernel sources (`kernels/*.asm`) that the MSDA drivers assemble at run time.
///
/// The kernels are text files of the repository, assembled per run with the `-D` values the
/// driver chooses, so they are looked up rather than compiled in. Search order:
/// 1. the directory named by the environment variable `MSDA_KERNELS_DIR` (if it is set, the file
///    must be there: a wrong override is an error, not silently ignored);
/// 2. `kernels/NAME` in the current directory and each of its parents;
/// 3. `kernels/NAME` next to the executable and in each of its parents (an installed or copied
///    build tree: `.build/release/vrun` finds the repository's `kernels/` two levels up);
/// 4. the repository this module was compiled from (`#filePath`, two levels above
///    `Sources/MSDA/`), so tests and `swift run` work from any directory.
public enum MSDAKernels {
    public static let environmentVariable = "MSDA_KERNELS_DIR"
    /// The forward kernel's file name.
    public static let forward = "msda_fwd.asm"

    /// The path of kernel `name` (for example `msda_fwd.asm`), or an error listing where it looked.
    public static func locate(_ name: String) throws(MSDAForwardError) -> String {
        let fm = FileManager.default
        if let dir = ProcessInfo.processInfo.environment[environmentVariable], !dir.isEmpty {
            let path = (dir as NSString).appendingPathComponent(name)
            guard fm.fileExists(atPath: path) else {
                throw MSDAForwardError(.kernelNotFound, "\(environmentVariable)=\(dir) but \(path) does not exist")
            }
            return path
        }
        var roots: [String] = [fm.currentDirectoryPath]
        if let exe = Bundle.main.executablePath { roots.append((exe as NSString).deletingLastPathComponent) }
        let source = ("\(#filePath)" as NSString).deletingLastPathComponent         // .../Sources/MSDA
        roots.append(((source as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent)
        var tried: [String] = []
        for root in roots {
            var dir = (root as NSString).standardizingPath
            while true {
                let path = ((dir as NSString).appendingPathComponent("kernels") as NSString).appendingPathComponent(name)
                if fm.fileExists(atPath: path) { return path }
                tried.append(dir)
                let parent = (dir as NSString).deletingLastPathComponent
                if parent == dir || parent.isEmpty { break }
                dir = parent
            }
        }
        throw MSDAForwardError(.kernelNotFound,
            "cannot find kernels/\(name) above the current directory, the executable or the source tree (\(tried.count) directories searched); set \(environmentVariable) to the kernels directory")
    }
}
