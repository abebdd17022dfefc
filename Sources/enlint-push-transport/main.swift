import ENLintPushTransport

#if canImport(Glibc)
import Glibc
#endif

exit(PushTransport.main(arguments: Array(CommandLine.arguments.dropFirst())))
