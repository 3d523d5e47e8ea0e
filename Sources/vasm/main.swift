import Commands
import Glibc

exit(VasmCommand.run(Array(CommandLine.arguments.dropFirst())))
