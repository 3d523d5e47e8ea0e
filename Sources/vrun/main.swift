import Commands

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(VrunCommand.run(Array(CommandLine.arguments.dropFirst())))
